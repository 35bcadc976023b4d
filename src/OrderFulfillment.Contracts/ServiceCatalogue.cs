namespace OrderFulfillment.Contracts;

/// <summary>
/// Every service of the platform, in start order: the one list of services, their databases, ports and projects.
/// The AppHost, the end-to-end and fault tests, the benchmarks and the orchestrator's operations hub read it.
/// </summary>
/// <remarks>
/// Adding a service means adding one entry here (its project copied from Shipping). What cannot read this list (the
/// shell, SQL, YAML, Dockerfile and markdown under <c>docker/</c> and <c>docs/</c>, the solution, the AppHost's
/// project file and settings, the service's own appsettings.json) is compared with it by the tests under
/// <c>tests/OrderFulfillment.Contracts.Tests/Services</c> and <c>Deployment</c>: each failure names the file to
/// change and the line to add. Code that needs a type of the service's own says so too: the end-to-end tests'
/// <c>Platform</c> fails at start naming a service it does not host, and the orchestrator's
/// <c>WorkerSettingsTests</c> a worker without an address setting. Shipping's README has a worker's whole checklist.
/// </remarks>
public static class ServiceCatalogue
{
    /// <summary>The orders API and the saga; it calls the workers.</summary>
    public static readonly ServiceDefinition Orchestrator = new("Orchestrator", "orders", 5080, IsWorker: false);

    /// <summary>Stock and reservations.</summary>
    public static readonly ServiceDefinition Inventory = new("Inventory", "inventory", 5081, IsWorker: true);

    /// <summary>Charges and refunds.</summary>
    public static readonly ServiceDefinition Payments = new("Payments", "payments", 5082, IsWorker: true);

    /// <summary>Shipments.</summary>
    public static readonly ServiceDefinition Shipping = new("Shipping", "shipping", 5083, IsWorker: true);

    /// <summary>Every service, the orchestrator first.</summary>
    public static IReadOnlyList<ServiceDefinition> All { get; } = [Orchestrator, Inventory, Payments, Shipping];

    /// <summary>The services the orchestrator calls, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<ServiceDefinition> Workers { get; } = [.. All.Where(s => s.IsWorker)];

    /// <summary>Every service's database, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Databases { get; } = [.. All.Select(s => s.Database)];

    /// <summary>The service named <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No service has that name.</exception>
    public static ServiceDefinition Named(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentOutOfRangeException(nameof(name), name, "No service of the platform has that name.");
}
