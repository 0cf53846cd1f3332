using System.Reflection;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Razor.Compilation;
using Settlement.Reconciliation.Database;
using Settlement.Reconciliation.Exceptions;
using Settlement.Reconciliation.Intake;
using Settlement.Reconciliation.Matching;
using Settlement.Reconciliation.PaymentHistory;

namespace Settlement.Worker.OperatorConsole;

/// <summary>
/// The operator console at <c>/console</c>: Razor Pages rendered on the server, behind the dashboard's door
/// (<see cref="ConsoleDoor"/>), antiforgery on every form (Razor Pages check it on every POST), one vendored
/// stylesheet and no script build.
/// </summary>
/// <remarks>
/// The folder is <c>Console</c> but the namespace <c>OperatorConsole</c>: a <c>Settlement.Worker.Console</c>
/// namespace would hide <see cref="System.Console"/> from every other file of the worker.
/// </remarks>
public static class ConsoleServices
{
    public const string Path = "/console";

    public const string StylesheetPath = "/console/console.css";

    private static readonly Assembly Pages = typeof(ConsoleServices).Assembly;

    public static IServiceCollection AddOperatorConsole(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConsoleOptions>().Bind(configuration.GetSection(ConsoleOptions.Section))
            .Validate(options => options.SlaHours.Values.All(hours => hours > 0), "Settlement:Console:SlaHours must be positive.")
            .Validate(options => options.DefaultSlaHours > 0, "Settlement:Console:DefaultSlaHours must be positive.")
            .Validate(options => options.PageSize is > 0 and <= 1000, "Settlement:Console:PageSize must be between 1 and 1000.")
            .ValidateOnStart();
        services.AddSingleton<ExceptionCasework>();
        services.AddSingleton<PaymentHistoryStore>();
        services.AddSingleton<ReportDrillDown>();
        services.AddSingleton<FileDeliveryStore>();
        services.AddRazorPages(options =>
            {
                options.RootDirectory = "/Console";
                options.Conventions.AddFolderApplicationModelConvention("/", model => model.Filters.Add(new ConsoleDoor()));
            })
            .ConfigureApplicationPartManager(parts =>
            {
                // The pages live in the worker's assembly; a host whose entry assembly is another (the tests') finds them too.
                if (!parts.ApplicationParts.Any(part => part is AssemblyPart assembly && assembly.Assembly == Pages))
                {
                    parts.ApplicationParts.Add(new AssemblyPart(Pages));
                }

                if (!parts.ApplicationParts.Any(part => part is CompiledRazorAssemblyPart compiled && compiled.Assembly == Pages))
                {
                    parts.ApplicationParts.Add(new CompiledRazorAssemblyPart(Pages));
                }
            });
        // One key ring for every instance on the database, under one application name (the default name is the
        // content root, which differs between instances installed in different folders).
        services.AddSingleton<ConsoleKeyStore>();
        services.AddDataProtection().SetApplicationName("Settlement");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IServiceProvider>((options, provider) => options.XmlRepository = new DatabaseKeyRing(provider));
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "settlement-console-antiforgery";
            options.FormFieldName = "__console_token";
        });
        return services;
    }

    /// <summary>The pages, the stylesheet, and a "Console" entry in the dashboard's menu.</summary>
    public static WebApplication MapOperatorConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapRazorPages();
        app.MapGet(StylesheetPath, () =>
        {
            using var stream = Pages.GetManifestResourceStream("Settlement.Worker.Console.console.css")
                ?? throw new InvalidOperationException("The console's stylesheet is not embedded in the worker.");
            using var reader = new StreamReader(stream);
            return Results.Text(reader.ReadToEnd(), "text/css; charset=utf-8");
        });
        NavigationMenu.Items.Add(_ => new MenuItem("Console", Path));
        return app;
    }
}
