using System.Collections.Concurrent;
using FluentAssertions;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Orders;

namespace OrderFulfillment.Messaging.Avro.Tests;

/// <summary>
/// The cached writers, readers and per-thread buffers are shared by every consumer and producer thread.
/// </summary>
public sealed class ConcurrencyTests
{
    [Test]
    public void Threads_encoding_and_decoding_at_once_each_get_their_own_message_back()
    {
        var schema = ContractSchemas.Latest(typeof(OrderPlaced));
        var mapper = ContractRecordMapper.Create(typeof(OrderPlaced), schema);
        var wrong = new ConcurrentBag<string>();

        Parallel.For(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var lines =
                Enumerable.Range(1, 1 + (i % 5)).Select(n => new OrderLine($"sku-{i}-{n}", n, n * 1.25m)).ToList();
            var message = new OrderPlaced(Guid.NewGuid(), DateTimeOffset.UnixEpoch.AddSeconds(i), Guid.NewGuid(),
                $"tenant-{i}", "c", "a", lines, i % 2 == 0 ? null : $"PO-{i}");

            var read = (OrderPlaced)mapper.FromRecord(ConfluentWireFormat.Decode(ConfluentWireFormat.Encode(i,
                mapper.ToRecord(message)), schema, schema));

            if (read.TenantId != message.TenantId || read.CustomerReference != message.CustomerReference
                || !read.Lines.SequenceEqual(message.Lines))
            {
                wrong.Add($"message {i}");
            }
        });

        wrong.Should().BeEmpty();
    }
}
