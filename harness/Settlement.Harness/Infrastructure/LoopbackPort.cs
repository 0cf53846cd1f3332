using System.Net;
using System.Net.Sockets;

namespace Settlement.Harness.Infrastructure;

/// <summary>A loopback port that was free a moment ago.</summary>
internal static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
