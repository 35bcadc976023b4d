using System.Net;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegistrySchema = Confluent.SchemaRegistry.Schema;

namespace OrderFulfillment.Messaging.Avro;

/// <summary>
/// Runs before the bus starts and resolves the id of every contract's latest schema (with
/// <see cref="AvroSerializationOptions.AutoRegisterSchemas"/>, after giving each subject without a compatibility mode
/// its contract's mode and registering every version in order). A schema that is missing, or that the registry refuses
/// as incompatible, stops the service from starting, with every problem in one message, rather than failing on the
/// first produce. A registry that does not answer (unreachable, timing out, or answering 5xx) is a passing outage, not
/// a wrong build: the start waits for it, retrying with a growing delay and logging why, so the service stays not
/// ready (its host has not started) instead of exiting and being restarted in a loop.
/// </summary>
internal sealed partial class SchemaRegistration(IOptions<AvroSerializationOptions> options, RegisteredSchemas schemas,
    ILogger<SchemaRegistration> logger)
    : IHostedService
{
    /// <summary>The longest wait between two attempts while the registry does not answer.</summary>
    internal static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ResolveAll();
                if (attempt > 1)
                {
                    LogRegistryAnswers(logger, options.Value.SchemaRegistry.Url, attempt);
                }

                return;
            }
            catch (Exception ex) when (IsOutage(ex, cancellationToken))
            {
                var delay = RetryDelay(attempt);
                LogRegistryUnavailable(logger, options.Value.SchemaRegistry.Url, attempt, delay.TotalSeconds,
                    ex.Message);
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>1 s, 2 s, 4 s, ... up to <see cref="MaxRetryDelay"/>.</summary>
    internal static TimeSpan RetryDelay(int attempt) =>
        TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(attempt, 16) - 1), MaxRetryDelay.TotalSeconds));

    /// <summary>
    /// The registry could not be asked, as opposed to answering that a schema is missing or incompatible.
    /// </summary>
    internal static bool IsOutage(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        SchemaRegistryException e => (int)e.Status >= 500
            || e.Status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        HttpRequestException or TimeoutException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private async Task ResolveAll()
    {
        var problems = new List<string>();
        foreach (var contract in options.Value.Contracts.All.OrderBy(c => c.Subject, StringComparer.Ordinal))
        {
            try
            {
                // A C# record that disagrees with its own schema is a build error: say so now, not on the first record.
                contract.VerifyMapping();
                var id = await schemas.Resolve(contract);
                LogResolved(logger, contract, id);
            }
            catch (Exception ex) when (ex is SchemaRegistryException or InvalidOperationException
                && !IsOutage(ex, CancellationToken.None))
            {
                problems.Add(await Explain(contract, ex));
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                $"The schema registry at {options.Value.SchemaRegistry.Url} does not hold this build's " +
                $"schemas:{Environment.NewLine}- " +
                string.Join(Environment.NewLine + "- ", problems));
        }

        LogAllResolved(logger, options.Value.Contracts.All.Count, options.Value.SchemaRegistry.Url,
            options.Value.AutoRegisterSchemas ? "registered by this service where missing" : "verified");
    }

    private async Task<string> Explain(AvroContract contract, Exception ex)
    {
        if (ex is SchemaRegistryException { Status: HttpStatusCode.Conflict })
        {
            return $"{contract} is incompatible with the versions registered under {contract.Subject}: {ex.Message}";
        }

        try
        {
            var compatible = await schemas.Client.IsCompatibleAsync(contract.Subject,
                new RegistrySchema(contract.SchemaText, SchemaType.Avro));
            return compatible
                ? $"{contract} is not registered under {contract.Subject} (it would be compatible): {ex.Message}"
                : $"{contract} is not registered under {contract.Subject}, and it is incompatible with the versions " +
                    $"there: {ex.Message}";
        }
        catch (SchemaRegistryException)
        {
            return $"{contract}: {ex.Message}";
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Schema of {Contract} has registry id {Id}")]
    private static partial void LogResolved(ILogger logger, AvroContract contract, int id);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "The schemas of {Count} contracts are registered at {Url} ({How})")]
    private static partial void LogAllResolved(ILogger logger, int count, string? url, string how);

    [LoggerMessage(Level = LogLevel.Warning,
        Message =
            "The schema registry at {Url} does not answer (attempt {Attempt}); the service waits for it and tries " +
            "again in {DelaySeconds} s: {Reason}")]
    private static partial void LogRegistryUnavailable(ILogger logger, string url, int attempt, double delaySeconds,
        string reason);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The schema registry at {Url} answers again (attempt {Attempt}); every schema is resolved")]
    private static partial void LogRegistryAnswers(ILogger logger, string url, int attempt);
}
