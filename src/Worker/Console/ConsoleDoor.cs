using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Settlement.Worker.Operations;

namespace Settlement.Worker.OperatorConsole;

/// <summary>
/// The console's door is the dashboard's (<see cref="DashboardAuthorization"/>): this machine, or the configured
/// Basic credentials. It runs before the antiforgery check, so a stranger learns nothing about the forms. Who came
/// in is kept for the audit of what they do (<see cref="UserOf"/>).
/// </summary>
public sealed class ConsoleDoor : IAsyncAuthorizationFilter, IOrderedFilter
{
    private const string UserKey = "settlement-console-user";

    // Before the antiforgery filter (order 1000).
    public int Order => -1000;

    public Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var door = context.HttpContext.RequestServices.GetRequiredService<DashboardAuthorization>();
        if (door.Admit(context.HttpContext) is { } user)
        {
            context.HttpContext.Items[UserKey] = user;
        }
        else
        {
            context.Result = new UnauthorizedResult();
        }

        return Task.CompletedTask;
    }

    /// <summary>The person the door let in, as the audit names them.</summary>
    public static string UserOf(HttpContext http) =>
        http?.Items[UserKey] as string ?? throw new InvalidOperationException("The console's door did not run for this request.");
}
