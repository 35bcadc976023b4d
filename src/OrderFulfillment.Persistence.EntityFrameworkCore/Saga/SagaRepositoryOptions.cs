using System.Data;
using MassTransit;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Saga;

/// <summary>Settings of one saga's EF Core repository.</summary>
/// <typeparam name="TSaga">The saga state.</typeparam>
public sealed class SagaRepositoryOptions<TSaga>
    where TSaga : class, ISaga
{
    /// <summary>Optimistic (<c>xmin</c>, the default) or pessimistic (<c>FOR UPDATE</c>) concurrency.</summary>
    public SagaLockMode LockMode { get; set; } = SagaLockMode.Optimistic;

    /// <summary>
    /// Isolation of the transaction the repository opens when no outbox transaction is active. Read committed suffices
    /// for both modes: optimistic mode checks <c>xmin</c>, pessimistic mode holds the row lock.
    /// </summary>
    public IsolationLevel IsolationLevel { get; set; } = IsolationLevel.ReadCommitted;
}
