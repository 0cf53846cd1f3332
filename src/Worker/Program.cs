using NodaTime;
using Settlement.Worker;
using Settlement.Worker.Database;
using Settlement.Worker.Health;

// Settings files ship beside the binary; relative data paths resolve against the caller's folder.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
#pragma warning disable RS0030 // The composition root is the one place that names the system clock; everything else takes IClock.
builder.Services.AddSingleton<IClock>(SystemClock.Instance);
#pragma warning restore RS0030
builder.Services.AddSettlementDatabase(builder.Configuration);
builder.Services.AddSettlementHealth();

var app = builder.Build();
app.MapSettlementHealth();

// The database opens (and the embedded server starts) before the host, and closes after it: the host's
// services can rely on it for their whole life, and Ctrl-C stops PostgreSQL last.
await using var database = app.Services.GetRequiredService<SettlementDatabase>();
try
{
    await database.OpenAsync(app.Lifetime.ApplicationStopping);
}
catch (Exception exception) when (StartupFailure.Describe(exception) is { } reason)
{
    await Console.Error.WriteLineAsync($"settlement: {reason}");
    return 1;
}

await app.RunAsync();
return 0;
