using System.Runtime.InteropServices;
using OrderFulfillment.Benchmarks;

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

using var stopping = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

var command = "dotnet run -c Release --project benchmarks/OrderFulfillment.Benchmarks"
    + (args.Length > 0 ? " -- " + string.Join(' ', args) : string.Empty);
var machine = MachineInfo.Read();
Console.WriteLine($"{command}\n{machine}");
ResultsReport report;
try
{
    report = await BenchmarkRun.RunAllAsync(command, machine, options, stopping.Token);
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    Console.WriteLine("Stopped by a signal; the platform was shut down and no results were written.");
    return 130;
}

Console.WriteLine();
Console.WriteLine(report.ToMarkdown());
await report.WriteAsync(options.Output, CancellationToken.None);
return report.Results.All(r => r.Passed) ? 0 : 1;

void Stop(PosixSignalContext context)
{
    // The runs end through their cancellation, which stops the AppHost (and with it PostgreSQL and Kafka) cleanly.
    context.Cancel = true;
    stopping.Cancel();
}
