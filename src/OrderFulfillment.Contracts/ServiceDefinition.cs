namespace OrderFulfillment.Contracts;

/// <summary>
/// A service of the platform: a process of its own with a database of its own, sharing nothing with the others but
/// Kafka topics. <see cref="ServiceCatalogue"/> lists them; everything else about a service follows from these.
/// </summary>
/// <param name="Name">Its name in settings and answers (<c>Services:{Name}:Url</c>, <c>Replicas:{Name}</c>) and in
/// its project, <c>src/OrderFulfillment.{Name}</c>.</param>
/// <param name="Database">Its PostgreSQL database, whose roles are <c>{Database}_migrator</c> and
/// <c>{Database}_app</c>.</param>
/// <param name="Port">The port it listens on in development (the AppHost, the benchmarks, docker's published port);
/// replica <c>i</c> of the AppHost listens 100 × (i − 1) above it.</param>
/// <param name="IsWorker">Whether the orchestrator's operations hub calls it, at <c>Services:{Name}:Url</c>: for its
/// consumers' status and, in reconciliation, its ledger, so a worker maps <c>MapConsumerStatus</c> and
/// <c>MapOrderLedger</c> as Shipping does.</param>
public sealed record ServiceDefinition(string Name, string Database, int Port, bool IsWorker)
{
    /// <summary>
    /// Its name in lower case: the prefix of its consumer groups (<c>{Key}.{topic}</c>), its docker compose service,
    /// Prometheus job and Dockerfile target, and the end of <c>OTEL_SERVICE_NAME</c> (<c>orderfulfillment-{Key}</c>).
    /// </summary>
    public string Key => Name.ToLowerInvariant();

    /// <summary>Its project and assembly, <c>OrderFulfillment.{Name}</c>, run as <c>{Project}.dll</c>.</summary>
    public string Project => "OrderFulfillment." + Name;

    /// <summary>Where it listens in development when nothing else is configured.</summary>
    public string DefaultUrl => FormattableString.Invariant($"http://localhost:{Port}");
}
