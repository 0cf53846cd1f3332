using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Hangfire.Dashboard;
using Microsoft.Extensions.Options;

namespace Settlement.Worker.Operations;

/// <summary>
/// The dashboard's door. Local means the connection's remote address is loopback and no proxy forwarded the
/// request — Hangfire's own check compares the remote address with the server's, so anything proxied from the
/// same host passes it. Everything else needs the configured Basic credentials.
/// </summary>
public sealed class DashboardAuthorization(IOptions<DashboardAccessOptions> options) : IDashboardAuthorizationFilter
{
    private static readonly string[] ForwardingHeaders = ["Forwarded", "X-Forwarded-For", "X-Real-IP"];

    public bool Authorize(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Authorize(context.GetHttpContext());
    }

    public bool Authorize(HttpContext http) => Admit(http) is not null;

    /// <summary>
    /// Who comes in, for the audit of what they do: the configured user name when the request carries the
    /// credentials, else "loopback (the OS user)" for a local request; null (and a Basic challenge) for anyone else.
    /// </summary>
    public string? Admit(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (HasValidCredentials(http.Request.Headers.Authorization))
        {
            return options.Value.Username;
        }

        if (IsLocal(http))
        {
            return $"loopback ({Environment.UserName})";
        }

        http.Response.Headers.WWWAuthenticate = "Basic realm=\"Settlement dashboard\", charset=\"UTF-8\"";
        return null;
    }

    private static bool IsLocal(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } remote
        && IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote)
        && !ForwardingHeaders.Any(http.Request.Headers.ContainsKey);

    private bool HasValidCredentials(string? authorization)
    {
        var access = options.Value;
        if (!access.HasCredentials || !AuthenticationHeaderValue.TryParse(authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            & FixedTimeEquals(decoded[..Math.Max(colon, 0)], access.Username!)
            & FixedTimeEquals(colon < 0 ? string.Empty : decoded[(colon + 1)..], access.Password!);
    }

    internal static bool FixedTimeEquals(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
