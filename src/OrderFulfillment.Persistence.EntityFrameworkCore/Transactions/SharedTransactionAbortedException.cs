namespace OrderFulfillment.Persistence.EntityFrameworkCore.Transactions;

/// <summary>
/// A shared transaction was given up after a message in it broke the connection or the transaction; the messages
/// that had succeeded in it took no effect and run again. Transient by nature.
/// </summary>
public sealed class SharedTransactionAbortedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SharedTransactionAbortedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SharedTransactionAbortedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public SharedTransactionAbortedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
