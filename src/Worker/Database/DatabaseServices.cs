using Npgsql;
using Settlement.Reconciliation.Ledger;

namespace Settlement.Worker.Database;

/// <summary>Wires the database and the ledger that lives in it.</summary>
public static class DatabaseServices
{
    public static IServiceCollection AddSettlementDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.Section))
            .Validate(options => !string.IsNullOrWhiteSpace(options.DataDirectory), "Settlement:DataDirectory must name a folder.")
            .Validate(options => options.PostgresPort is null or (> 0 and < 65536), "Settlement:PostgresPort must be a TCP port (1-65535).")
            .ValidateOnStart();
        services.AddSingleton<SettlementDatabase>();
        services.AddSingleton<NpgsqlDataSource>(provider => provider.GetRequiredService<SettlementDatabase>().DataSource);
        services.AddSingleton<LedgerStore>();
        return services;
    }
}
