using System.Net;
using System.Net.Sockets;

namespace Settlement.Testing;

/// <summary>A loopback port that was free a moment ago (nothing listens on it until someone takes it).</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
