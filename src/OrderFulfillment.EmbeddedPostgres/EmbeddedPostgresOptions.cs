namespace OrderFulfillment.EmbeddedPostgres;

/// <summary>How an <see cref="EmbeddedPostgresServer"/> starts.</summary>
public sealed record EmbeddedPostgresOptions
{
    /// <summary>Connection string of an existing server to use instead of starting one; when set, nothing is
    /// started or stopped and the other options are ignored. Its credentials must be allowed to create
    /// databases.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Directory holding <c>initdb</c> and <c>pg_ctl</c>. When null: the <c>POSTGRES_BIN_DIR</c> environment
    /// variable, else the highest version under <c>/usr/lib/postgresql/*/bin</c>, else <c>pg_config
    /// --bindir</c>.</summary>
    public string? BinDirectory { get; init; }

    /// <summary>Whether commits survive a crash of the host. False turns off fsync, synchronous_commit and
    /// full_page_writes, which makes tests much faster; benchmarks should keep the default so they measure real
    /// commits.</summary>
    public bool Durable { get; init; } = true;

    /// <summary>The server's max_connections; the default leaves room for several connection pools at once.</summary>
    public int MaxConnections { get; init; } = 300;

    /// <summary>Whether the server records per-statement statistics for profiling: preloads
    /// <c>pg_stat_statements</c> (tracking nested statements too) and turns on <c>track_io_timing</c>, then creates the
    /// extension in <c>template1</c> and <c>postgres</c>, so every database created afterwards has the
    /// <c>pg_stat_statements</c> view. Costs a little CPU per statement, so it is off by default.</summary>
    public bool TrackStatements { get; init; }

    /// <summary>How long initdb, and then the server's start, may each take.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
