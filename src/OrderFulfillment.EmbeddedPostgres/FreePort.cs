using System.Net;
using System.Net.Sockets;

namespace OrderFulfillment.EmbeddedPostgres;

/// <summary>Picks a TCP port on 127.0.0.1 that is free right now.</summary>
internal static class FreePort
{
    /// <summary>Asks the kernel for an ephemeral port and releases it at once. Another process may take it before
    /// the server binds it, so the caller retries with a new port when the bind fails.</summary>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
