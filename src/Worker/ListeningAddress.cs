using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Settlement.Worker;

/// <summary>Where the running worker can be reached on this machine, once its server listens.</summary>
public static class ListeningAddress
{
    /// <summary>The first http:// address, on 127.0.0.1: Kestrel reports wildcard bindings as [::], 0.0.0.0, + or *.</summary>
    public static Uri LoopbackHttp(IServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException("The worker listens on no http:// address.");
        var bound = new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        return new UriBuilder(bound) { Host = "127.0.0.1" }.Uri;
    }
}
