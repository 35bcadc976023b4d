namespace OrderFulfillment.Messaging.Kafka.Tests;

public sealed record OrderStepRecorded(Guid OrderId, int Sequence)
{
    public int Version { get; init; } = 2;
}

public sealed record StepAcknowledged(Guid OrderId, int Sequence);
