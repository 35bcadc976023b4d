using System.Net;
using System.Net.Sockets;

namespace OrderFulfillment.AppHost;

/// <summary>
/// Checks before anything starts that every port the platform will listen on is free, so a taken port is reported
/// with the service that needs it instead of as a child's bind error half-way through the start.
/// </summary>
internal static class PortCheck
{
    /// <summary>The ports the AppHost's own pieces listen on, by what listens there.</summary>
    public static IEnumerable<(string Owner, Uri Address)> PlannedListeners(AppHostSettings settings)
    {
        foreach (var instance in ServiceReplicas.Plan(settings))
        {
            yield return (instance.DisplayName, instance.Url);
        }

        if (settings.KafkaBootstrapServers is null)
        {
            yield return ("The embedded Kafka's control channel (Kafka:EmbeddedControlPort)",
                new Uri($"http://127.0.0.1:{settings.EmbeddedControlPort}/"));
        }

        if (settings.SchemaRegistryUrl is null)
        {
            yield return ("The embedded schema registry (SchemaRegistry:EmbeddedPort)",
                new Uri($"http://127.0.0.1:{settings.EmbeddedSchemaRegistryPort}/"));
        }
    }

    /// <exception cref="PlatformStartException">A port is taken; the message names who needs it.</exception>
    public static void ThrowIfAnyTaken(IEnumerable<(string Owner, Uri Address)> listeners)
    {
        var planned = new Dictionary<int, string>();
        foreach (var (owner, address) in listeners)
        {
            // Two of the AppHost's own listeners on one port (a replica's port is another service's, say) would pass
            // the check below, each alone, and the second would fail to bind.
            if (!planned.TryAdd(address.Port, owner))
            {
                throw new PlatformStartException(
                    $"{owner} and {planned[address.Port]} would both listen on port {address.Port}. Configure other " +
                    $"ports.");
            }

            foreach (var ip in AddressesOf(address.Host))
            {
                if (IsTaken(ip, address.Port))
                {
                    throw new PlatformStartException(
                        $"{owner} cannot listen on {address}: port {address.Port} is already in use " +
                        "(another OrderFulfillment still running, or another program). Stop it or configure another " +
                        "port.");
                }
            }
        }
    }

    // Kestrel binds "localhost" on both loopbacks, and a wildcard host on every address.
    private static IEnumerable<IPAddress> AddressesOf(string host) => host switch
    {
        "localhost" => [IPAddress.Loopback, IPAddress.IPv6Loopback],
        "*" or "+" or "0.0.0.0" or "[::]" => [IPAddress.Any],
        _ when IPAddress.TryParse(host.Trim('[', ']'), out var ip) => [ip],
        _ => [IPAddress.Any],
    };

    private static bool IsTaken(IPAddress ip, int port)
    {
        var listener = new TcpListener(ip, port);
        try
        {
            listener.Start();
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
        catch (SocketException)
        {
            // No such address here (e.g. no IPv6): nothing can listen there, so nothing is taken either.
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }
}
