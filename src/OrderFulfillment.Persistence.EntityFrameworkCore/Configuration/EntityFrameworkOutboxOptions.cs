namespace OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;

/// <summary>Settings of a service's inbox, outbox and their background services.</summary>
public sealed class EntityFrameworkOutboxOptions
{
    /// <summary>
    /// How long a consumed message id is remembered. A redelivery older than this would run again, so it must cover
    /// the retention of every topic the service reads: 7 days (the transactional retention class) by default.
    /// </summary>
    public TimeSpan DuplicateDetectionWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The longest retention of the topics the service consumes; a shorter window is reported at startup.
    /// </summary>
    public TimeSpan ConsumedTopicRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How often the delivery service looks for rows when no commit woke it and it is not listening for other
    /// processes' commits (default 1 s); also how soon a relay refused the leadership lock tries again.
    /// </summary>
    public TimeSpan QueryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The fallback poll while the listener is connected (default 30 s): commits of other processes wake the relay by
    /// <c>NOTIFY</c>, so the poll only catches rows stored without one (an operator re-inserting a dead letter, say).
    /// </summary>
    public TimeSpan ListeningQueryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether commits wake the relays of other processes on the same database with <c>LISTEN/NOTIFY</c> (default
    /// true): the delivery service keeps one listening connection, and a commit that stores outbox rows while this
    /// process's relay is not the leader appends <c>NOTIFY</c>. Turn it off behind PgBouncer in transaction mode,
    /// where <c>LISTEN</c> does not work: the relay then polls every <see cref="QueryDelay"/>.
    /// </summary>
    public bool CrossProcessNotifications { get; set; } = true;

    /// <summary>Rows delivered per batch, and deleted with one statement (default 500).</summary>
    public int QueryMessageLimit { get; set; } = 500;

    /// <summary>
    /// How long a delivery batch waits for Kafka's acknowledgements (default 10 s). A row not acknowledged by then
    /// stays; its key waits for that produce to end (without producing it again), and the batch commits what the other
    /// keys delivered, so a partition without a leader delays only its own keys.
    /// </summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often expired inbox rows are removed (default 1 min).</summary>
    public TimeSpan InboxCleanupInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Inbox rows removed per statement, so cleanup never holds long locks (default 5,000).</summary>
    public int InboxCleanupBatchSize { get; set; } = 5000;

    /// <summary>
    /// At most how many consumed messages share one database transaction (default 30; 1 gives every message a
    /// transaction of its own). Messages are never held back to fill a transaction: one that runs alone commits alone,
    /// and those that arrive while a commit is under way share the next. Each message runs in its own savepoint, so a
    /// failure costs only that message; PostgreSQL tracks up to 64 subtransactions per transaction cheaply, hence the
    /// default. Every message waits for its shared commit before its offset may be committed.
    /// </summary>
    public int MessagesPerTransaction { get; set; } = 30;

    /// <summary>
    /// How many shared transactions run at once, each on its own connection (default 1). Messages in one lane run one
    /// after another and never wait for each other's row locks; two lanes can, and can deadlock on rows they update
    /// in different orders (PostgreSQL then aborts one, whose messages run again). More lanes pay off only when the
    /// database, not the service, is idle.
    /// </summary>
    public int TransactionLanes { get; set; } = 1;

    /// <summary>
    /// Whether produces outside a consume go through the outbox too (see <see cref="UseBusOutbox"/>).
    /// </summary>
    public bool BusOutbox { get; private set; }

    /// <summary>Whether this process delivers outbox rows (default true).</summary>
    public bool DeliveryService { get; private set; } = true;

    /// <summary>
    /// Stores produces made outside a consume (e.g. in an HTTP handler) with the caller's SaveChanges.
    /// </summary>
    public void UseBusOutbox() => BusOutbox = true;

    /// <summary>Stores but never delivers: for processes that only write, or tests that stop before delivery.</summary>
    public void DisableDeliveryService() => DeliveryService = false;
}
