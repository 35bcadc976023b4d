using System.Globalization;
using Microsoft.Extensions.Configuration;
using OrderFulfillment.Contracts;

namespace OrderFulfillment.AppHost;

/// <summary>
/// One instance of a service the AppHost runs: replica 1 is the service's own URL, the others follow it.
/// </summary>
internal sealed record ServiceInstancePlan(ServiceDefinition Service, int Replica, Uri Url)
{
    /// <summary>How messages name it: <c>Inventory</c>, <c>Inventory replica 2</c>.</summary>
    public string DisplayName => Replica == 1 ? Service.Name
        : $"{Service.Name} replica {Replica.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Its name in the console and as its Kafka client id and OpenTelemetry instance: <c>inventory</c>,
    /// <c>inventory-2</c>.
    /// </summary>
    public string Name => Replica == 1 ? Service.Name.ToLowerInvariant()
        : $"{Service.Name.ToLowerInvariant()}-{Replica.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>
/// How many replicas of each service the AppHost starts (<c>Replicas:{Service}</c>, 1 by default) and where each
/// listens: replica <c>i</c> on the service's port plus <see cref="PortStep"/> × (i − 1), so inventory's second replica
/// is on :5181. Replicas share the service's database and consumer groups, which split the partitions between them.
/// </summary>
internal static class ServiceReplicas
{
    /// <summary>Between two replicas' ports, room for the four services' ports (:5080–:5083) not to meet.</summary>
    public const int PortStep = 100;

    /// <summary>
    /// The most replicas of a service that all consume: a group gives each partition to one member, so beyond the
    /// partitions of a topic the extra members of its group stand idle.
    /// </summary>
    public static int Max { get; } = Topics.All.Min(t => t.Partitions);

    /// <summary>
    /// Reads <c>Replicas:{Service}</c>; every service named must exist and have a whole number from 1 to <see
    /// cref="Max"/>.
    /// </summary>
    /// <exception cref="PlatformStartException">An unknown service or a count that is not such a number; the message
    /// says which.</exception>
    public static IReadOnlyDictionary<string, int> Read(IConfiguration configuration)
    {
        var counts = PlatformServices.All.ToDictionary(s => s.Name, _ => 1, StringComparer.OrdinalIgnoreCase);
        foreach (var setting in configuration.GetSection("Replicas").GetChildren())
        {
            if (!counts.ContainsKey(setting.Key))
            {
                throw new PlatformStartException(
                    $"Replicas:{setting.Key} names no service; the services are " +
                    $"{string.Join(", ", PlatformServices.All.Select(s => s.Name))}.");
            }

            if (!int.TryParse(setting.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                || count < 1 || count > Max)
            {
                throw new PlatformStartException(
                    $"Replicas:{setting.Key} must be a whole number from 1 to {Max} (the partitions of a topic, " +
                    $"which bound "
                    + $"the consumers of a group that get any), not '{setting.Value}'.");
            }

            counts[setting.Key] = count;
        }

        return counts;
    }

    /// <summary>Every instance to start, service by service in start order, replica 1 first.</summary>
    public static IEnumerable<ServiceInstancePlan> Plan(AppHostSettings settings) =>
        from service in PlatformServices.All
        let url = new Uri(settings.ServiceUrls.GetValueOrDefault(service.Name) ?? service.DefaultUrl)
        from replica in Enumerable.Range(1, settings.Replicas.GetValueOrDefault(service.Name, 1))
        select new ServiceInstancePlan(service, replica, UrlOf(url, replica));

    /// <summary>The planned instances' addresses by service name, replica 1 first.</summary>
    public static Dictionary<string, IReadOnlyList<Uri>> UrlsByService(IEnumerable<ServiceInstancePlan> plan) =>
        plan.GroupBy(i => i.Service.Name).ToDictionary(g => g.Key, g => (IReadOnlyList<Uri>)[.. g.Select(i => i.Url)]);

    /// <summary>
    /// Replica <paramref name="replica"/>'s address: the service's, with the port moved up by <see cref="PortStep"/>
    /// per replica.
    /// </summary>
    /// <exception cref="PlatformStartException">The port would pass 65535.</exception>
    public static Uri UrlOf(Uri serviceUrl, int replica)
    {
        var port = serviceUrl.Port + (PortStep * (replica - 1));
        return port <= 65535
            ? new UriBuilder(serviceUrl) { Port = port }.Uri
            : throw new PlatformStartException(
                $"Replica {replica} of the service at {serviceUrl} would listen on port {port}, past 65535; " +
                $"configure a lower port.");
    }
}
