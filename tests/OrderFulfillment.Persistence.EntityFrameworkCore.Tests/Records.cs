using System.Text;
using Confluent.Kafka;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Tests;

/// <summary>Produces exact copies of a record, as Kafka's at-least-once delivery does.</summary>
internal static class Records
{
    public static async Task Duplicate(ConsumeResult<byte[], byte[]> original, string topic, IEnumerable<string> keys)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig {
            BootstrapServers = RiderHost.BootstrapServers }).Build();
        foreach (var key in keys)
        {
            await producer.ProduceAsync(topic, new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(key),
                Value = original.Message.Value,
                Headers = original.Message.Headers,
            });
        }
    }
}
