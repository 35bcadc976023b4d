using System.Runtime.InteropServices;
using OrderFulfillment.EmbeddedKafka;
using OrderFulfillment.EmbeddedKafka.Control;
using OrderFulfillment.EmbeddedKafka.Host;

var settings = HostSettings.FromArgs(args);
using var cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions { Brokers = settings.Brokers,
    Topics = PlatformTopics.Specs() });
await using var control = await EmbeddedKafkaControlServer.StartAsync(cluster, settings.ControlPort);

if (settings.BootstrapFile is { } file)
{
    // Written whole, then renamed, so a process waiting for the file never reads half of it.
    await File.WriteAllTextAsync(file + ".tmp", cluster.BootstrapServers);
    File.Move(file + ".tmp", file, overwrite: true);
}

Console.WriteLine($"Embedded Kafka: {cluster.BrokerCount} brokers, {PlatformTopics.Specs().Count} topics");
Console.WriteLine($"  bootstrap servers: {cluster.BootstrapServers}");
Console.WriteLine($"  control channel:   {control.Address}");
Console.WriteLine("Press Ctrl+C to stop. The cluster keeps its data in memory only.");

var stopped = new TaskCompletionSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
await stopped.Task;
Console.WriteLine("Embedded Kafka stopped.");

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopped.TrySetResult();
}
