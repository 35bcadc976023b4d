namespace OrderFulfillment.Persistence.EntityFrameworkCore.Saga;

/// <summary>How concurrent messages for one saga instance are kept from losing each other's updates.</summary>
public enum SagaLockMode
{
    /// <summary>
    /// Read without locks; the update fails on a changed <c>xmin</c> (<see
    /// cref="Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException"/>) and the message is retried by the
    /// endpoint's retry policy. Cheapest when conflicts are rare, as with per-key ordering.
    /// </summary>
    Optimistic,

    /// <summary>
    /// Lock the row (<c>SELECT ... FOR UPDATE</c>) when loading, so concurrent messages wait instead of retrying.
    /// </summary>
    Pessimistic,
}
