using System.Globalization;

namespace OrderFulfillment.AppHost;

/// <summary>
/// The embedded Kafka host as a child process, so the cluster outlives no one and others can steer it.
/// </summary>
internal sealed class EmbeddedKafkaProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    private readonly ChildProcess _process;

    private EmbeddedKafkaProcess(ChildProcess process, string bootstrapServers, Uri controlAddress)
    {
        _process = process;
        BootstrapServers = bootstrapServers;
        ControlAddress = controlAddress;
    }

    public string BootstrapServers { get; }

    public Uri ControlAddress { get; }

    public static async Task<EmbeddedKafkaProcess> StartAsync(int brokers, int controlPort,
        CancellationToken cancellationToken)
    {
        var bootstrapFile = Path.Combine(Path.GetTempPath(), $"orderfulfillment-kafka-{Guid.NewGuid():N}.txt");
        var process = ChildProcess.Start("EmbeddedKafka", "kafka",
        [
            "--brokers", brokers.ToString(CultureInfo.InvariantCulture),
            "--control-port", controlPort.ToString(CultureInfo.InvariantCulture),
            "--bootstrap-file", bootstrapFile,
        ]);
        try
        {
            var bootstrap = await WaitForBootstrapFile(process, bootstrapFile, cancellationToken);
            return new EmbeddedKafkaProcess(process, bootstrap, new Uri($"http://127.0.0.1:{controlPort}/"));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        finally
        {
            File.Delete(bootstrapFile);
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static async Task<string> WaitForBootstrapFile(ChildProcess process, string file,
        CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartDeadline);
        while (!File.Exists(file))
        {
            if (process.HasExited)
            {
                throw new PlatformStartException(
                    $"The embedded Kafka host exited during start with code {process.ExitCode}: {process.ExitCause()}");
            }

            try
            {
                await Task.Delay(50, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new PlatformStartException(
                    $"The embedded Kafka host was not ready within {StartDeadline.TotalSeconds:0} s; its output is " +
                    $"above.");
            }
        }

        return await File.ReadAllTextAsync(file, cancellationToken);
    }
}
