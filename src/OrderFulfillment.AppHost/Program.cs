using System.Runtime.InteropServices;
using OrderFulfillment.AppHost;

using var stopping = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

Console.WriteLine("Starting OrderFulfillment...");
try
{
    await RunAsync(AppHostSettings.Load(args), stopping.Token);
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    Console.WriteLine("Stopped before OrderFulfillment was ready.");
}
catch (PlatformStartException e)
{
    // Printed after everything started was stopped, so it is the last thing on the console.
    await Console.Error.WriteLineAsync($"OrderFulfillment did not start: {e.Message}");
    await Console.Error.WriteLineAsync("Everything it had started has been stopped.");
    return 1;
}
catch (Exception e)
{
    // Unforeseen, so with its type; still one line instead of a stack, and after the same clean-up.
    await Console.Error.WriteLineAsync(
        $"OrderFulfillment stopped on an unexpected error: {e.GetType().Name}: {SecretMasking.MaskText(e.Message)}");
    await Console.Error.WriteLineAsync("Everything it had started has been stopped.");
    return 1;
}

return 0;

static async Task RunAsync(AppHostSettings settings, CancellationToken stopping)
{
    // Checked before anything starts, so the commonest failures stop nothing half-way.
    ChildPrograms.ThrowIfNotBuilt([.. PlatformServices.All.Select(s => s.Name),
        .. settings.KafkaBootstrapServers is null ? ["EmbeddedKafka"] : Array.Empty<string>()]);
    PortCheck.ThrowIfAnyTaken(PortCheck.PlannedListeners(settings));
    // A key of this run only, never written anywhere: the services trust its public half.
    using var tokens = new DevelopmentTokens();
    await using var environment = await LocalEnvironment.StartAsync(settings, stopping);
    await using var services = await PlatformServices.StartAsync(environment, settings, tokens, stopping);
    if (settings.SeedDemoStock)
    {
        await DemoCatalogue.SeedAsync(services.Urls["Inventory"], tokens.Bearer("Stock"), stopping);
    }

    var platform = PlatformAddresses.Of(environment, services, tokens);
    EnvironmentReport.Print(platform, Console.Out);
    if (settings.EnvironmentFile is { } file)
    {
        await EnvironmentReport.WriteAsync(file, platform, settings.EnvironmentFileWithSecrets, stopping);
    }

    if (settings.RunDemo)
    {
        await DemoOrders.RunAsync(services.Urls["Orchestrator"], tokens.Bearer("Orders"), stopping);
    }

    await Task.Delay(Timeout.Infinite, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
    Console.WriteLine("Stopping OrderFulfillment...");
}

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopping.Cancel();
}
