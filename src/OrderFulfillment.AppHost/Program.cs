using System.Runtime.InteropServices;
using OrderFulfillment.AppHost;

var settings = AppHostSettings.Load(args);
using var stopping = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

Console.WriteLine("Starting OrderFulfillment...");
using var tokens = new DevelopmentTokens();
await using var environment = await LocalEnvironment.StartAsync(settings, stopping.Token);
await using var services = await PlatformServices.StartAsync(environment, settings, tokens, stopping.Token);
if (settings.SeedDemoStock)
{
    await DemoCatalogue.SeedAsync(services.Urls["Inventory"], tokens.Bearer("Stock"), stopping.Token);
}

EnvironmentReport.Print(environment, services, tokens);
if (settings.EnvironmentFile is { } file)
{
    await EnvironmentReport.WriteAsync(file, environment, services, tokens, stopping.Token);
}

if (settings.RunDemo)
{
    await DemoOrders.RunAsync(services.Urls["Orchestrator"], tokens.Bearer("Orders"), stopping.Token);
}

await Task.Delay(Timeout.Infinite, stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
Console.WriteLine("Stopping OrderFulfillment...");

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopping.Cancel();
}
