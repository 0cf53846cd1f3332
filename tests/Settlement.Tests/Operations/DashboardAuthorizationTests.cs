using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Settlement.Worker.Operations;

namespace Settlement.Tests.Operations;

/// <summary>Who may open the dashboard: this machine, or a person with the configured credentials.</summary>
public sealed class DashboardAuthorizationTests
{
    private static readonly DashboardAuthorization WithCredentials = new(Options.Create(new DashboardAccessOptions { Username = "ops", Password = "s3cret" }));
    private static readonly DashboardAuthorization WithoutCredentials = new(Options.Create(new DashboardAccessOptions()));

    [Fact]
    public void An_anonymous_remote_request_is_refused_and_asked_for_basic_credentials()
    {
        var http = Request("203.0.113.7");

        Assert.False(WithCredentials.Authorize(http));
        Assert.StartsWith("Basic", http.Response.Headers.WWWAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void A_request_from_loopback_is_allowed_without_credentials(string address) =>
        Assert.True(WithoutCredentials.Authorize(Request(address)));

    [Fact]
    public void A_loopback_request_forwarded_by_a_proxy_is_not_local() =>
        Assert.False(WithoutCredentials.Authorize(Request("127.0.0.1", forwardedFor: "203.0.113.7")));

    [Fact]
    public void A_remote_request_with_the_configured_credentials_is_allowed() =>
        Assert.True(WithCredentials.Authorize(Request("203.0.113.7", basic: "ops:s3cret")));

    [Theory]
    [InlineData("ops:wrong")]
    [InlineData("other:s3cret")]
    [InlineData("ops")]
    public void A_remote_request_with_wrong_credentials_is_refused(string credentials) =>
        Assert.False(WithCredentials.Authorize(Request("203.0.113.7", basic: credentials)));

    [Fact]
    public void Without_configured_credentials_no_remote_request_gets_in() =>
        Assert.False(WithoutCredentials.Authorize(Request("203.0.113.7", basic: ":")));

    private static DefaultHttpContext Request(string remote, string? basic = null, string? forwardedFor = null)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        http.Connection.LocalIpAddress = IPAddress.Parse(remote);
        if (basic is not null)
        {
            http.Request.Headers.Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(basic));
        }

        if (forwardedFor is not null)
        {
            http.Request.Headers["X-Forwarded-For"] = forwardedFor;
        }

        return http;
    }
}
