using System.Runtime.InteropServices;
using OrderFulfillment.AppHost;

var settings = AppHostSettings.Load(args);
using var stopping = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

Console.WriteLine("Starting OrderFulfillment...");
await using var environment = await LocalEnvironment.StartAsync(settings, stopping.Token);
EnvironmentReport.Print(environment);

await Task.Delay(Timeout.Infinite, stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
Console.WriteLine("Stopping OrderFulfillment...");

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopping.Cancel();
}
