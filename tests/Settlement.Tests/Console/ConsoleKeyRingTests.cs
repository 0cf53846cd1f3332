using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Settlement.Tests.Database;
using Settlement.Worker.OperatorConsole;

namespace Settlement.Tests.OperatorConsole;

/// <summary>
/// Two worker instances on one database share the console's key ring, so what one protects (an antiforgery token
/// in a form it rendered) the other reads; the ring survives a restart because it is in the database.
/// </summary>
public sealed class ConsoleKeyRingTests(FreshDatabase database) : IClassFixture<FreshDatabase>
{
    [Fact]
    public async Task What_one_instance_protects_another_instance_on_the_same_database_unprotects()
    {
        await using var first = Instance(withConsole: true);
        await using var second = Instance(withConsole: true);

        var token = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("console-form").Protect("a form's secret");

        Assert.Equal("a form's secret", second.GetRequiredService<IDataProtectionProvider>().CreateProtector("console-form").Unprotect(token));
        await using var count = database.DataSource.CreateCommand("SELECT count(*) FROM recon.console_keys");
        Assert.Equal(1L, await count.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_instance_with_a_key_ring_of_its_own_cannot_read_it()
    {
        // The control: without the shared ring (data protection's in-memory default) the token is refused, which is
        // what a second instance did before the ring moved to the database.
        await using var first = Instance(withConsole: true);
        await using var alone = Instance(withConsole: false);

        var token = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("console-form").Protect("a form's secret");

        Assert.ThrowsAny<CryptographicException>(() => alone.GetRequiredService<IDataProtectionProvider>().CreateProtector("console-form").Unprotect(token));
    }

    private ServiceProvider Instance(bool withConsole)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(database.DataSource);
        if (withConsole)
        {
            services.AddOperatorConsole(new ConfigurationBuilder().Build());
        }
        else
        {
            services.AddDataProtection().SetApplicationName("Settlement").UseEphemeralDataProtectionProvider();
        }

        return services.BuildServiceProvider();
    }
}
