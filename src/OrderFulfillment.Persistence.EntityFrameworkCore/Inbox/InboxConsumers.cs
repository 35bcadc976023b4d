using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Inbox;

/// <summary>
/// A consumer whose inbox rows live in a DbContext's database, with its own duplicate-detection window.
/// </summary>
/// <param name="Name">The consumer id as configured (or derived when none was given).</param>
/// <param name="Id">The <see cref="InboxState.ConsumerId"/> of its rows.</param>
/// <param name="LegacyId">The id its rows had before an explicit name was given; they still count as consumed.</param>
/// <param name="Window">How long its rows are kept.</param>
internal sealed record InboxConsumer(string Name, Guid Id, Guid? LegacyId, TimeSpan Window)
{
    /// <summary>The row key of a consumer name: the first 16 bytes of its SHA-256, the same on every start.</summary>
    public static Guid IdOf(string name) => new(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16));
}

/// <summary>The consumers configured on one DbContext's inbox, so cleanup honours each one's window.</summary>
internal sealed class InboxConsumers<TDbContext>
{
    private readonly ConcurrentDictionary<Guid, InboxConsumer> _consumers = new();

    public IReadOnlyCollection<InboxConsumer> All => _consumers.Values.ToList();

    public void Add(InboxConsumer consumer) =>
        // The same consumer is configured once per message type; the longest window wins if they differ.
        _consumers.AddOrUpdate(consumer.Id, consumer,
            (_, existing) => existing.Window >= consumer.Window ? existing : consumer);
}
