using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrderFulfillment.Messaging.Kafka;

/// <summary>
/// The rider's traces and metrics. Register <see cref="Name"/> as an ActivitySource and a Meter with OpenTelemetry
/// to export them.
/// </summary>
public static class KafkaTelemetry
{
    /// <summary>Name of the rider's ActivitySource and Meter.</summary>
    public const string Name = "OrderFulfillment.Messaging.Kafka";

    internal static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);
    private static readonly ConcurrentDictionary<object, Func<IEnumerable<Measurement<long>>>> LagSources = new();
    private static readonly ConcurrentDictionary<object, Func<IEnumerable<Measurement<double>>>> PendingAgeSources =
        new();

    internal static readonly Counter<long> Produced =
        Meter.CreateCounter<long>("kafka.producer.records", "{record}", "Records produced.");
    internal static readonly Counter<long> ProducerRebuilds = Meter.CreateCounter<long>("kafka.producer.rebuilds",
        "{producer}", "Producers retired after a fatal error and replaced.");
    internal static readonly Counter<long> Consumed =
        Meter.CreateCounter<long>("kafka.consumer.records", "{record}", "Records handled by a topic endpoint.");
    internal static readonly Counter<long> DeadLettered =
        Meter.CreateCounter<long>("kafka.consumer.dead_lettered", "{record}", "Records moved to a dead-letter topic.");
    internal static readonly Counter<long> DeadLetterDropped =
        Meter.CreateCounter<long>("kafka.consumer.dead_letter_dropped", "{record}",
        "Records given up without any dead letter because the dead-letter topic refused even a truncated one " +
        "(missing or unauthorised).");
    internal static readonly Counter<long> CommitFailures = Meter.CreateCounter<long>("kafka.consumer.commit_failures",
        "{commit}", "Offset commits that failed and will be retried.");

    static KafkaTelemetry()
    {
        Meter.CreateObservableGauge("kafka.consumer.lag", () => LagSources.Values.SelectMany(s => s()), "{record}",
            "Records in a partition not yet consumed by the group member that owns it (high watermark - position).");
        Meter.CreateObservableGauge("kafka.consumer.pending.age", () => PendingAgeSources.Values.SelectMany(s => s()),
            "s", "How long the oldest fetched but unfinished record of an assigned partition has been waiting (0 " +
            "when none is); the partition's commits cannot pass it.");
    }

    internal static IDisposable RegisterLag(Func<IEnumerable<Measurement<long>>> source)
    {
        var key = new object();
        LagSources[key] = source;
        return new Unregister(() => LagSources.TryRemove(key, out _));
    }

    internal static IDisposable RegisterPendingAge(Func<IEnumerable<Measurement<double>>> source)
    {
        var key = new object();
        PendingAgeSources[key] = source;
        return new Unregister(() => PendingAgeSources.TryRemove(key, out _));
    }

    private sealed class Unregister(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
