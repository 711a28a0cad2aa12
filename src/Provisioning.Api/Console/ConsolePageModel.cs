using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Auth;
using Provisioning.Api.Infrastructure.Http;

namespace Provisioning.Api.Console;

/// <summary>
/// What every console page does the same way: load what it shows (<see cref="LoadAsync"/>), carry out an action
/// through an application service, and show what the service refused (404, 409, 412, 422, validation) as a message
/// on the page, with the problem's status, never as an error page. A successful action redirects back (so a
/// reload never repeats it) with a message that says what was done.
/// </summary>
public abstract class ConsolePageModel : PageModel
{
    /// <summary>What the last action did, shown once after its redirect.</summary>
    [TempData]
    public string? Done { get; set; }

    public ConsoleProblem? Problem { get; private set; }

    /// <summary>Admin sessions act; ControlPlane sessions only read (and <see cref="ConsoleActionsFilter"/> refuses their posts).</summary>
    public bool CanAct => User.IsInRole(Roles.Admin);

    /// <summary>
    /// Whether the session may see what the API keeps for Admin keys (accounts, reconciliation, webhook deliveries,
    /// the saga's bookkeeping): a page leaves those parts out for a ControlPlane session, and never reads them.
    /// </summary>
    public bool ReadsAdminData => User.IsInRole(Roles.Admin);

    protected abstract Task LoadAsync(CancellationToken cancellationToken);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            await LoadAsync(cancellationToken);
        }
        catch (Exception e) when (ProblemOf(e) is { } problem)
        {
            Problem = ConsoleProblem.From(problem);
            Response.StatusCode = Problem.Status;
        }
        return Page();
    }

    /// <summary>Runs <paramref name="action"/>; on success redirects to <paramref name="then"/> (this page by default) saying what it returned.</summary>
    protected async Task<IActionResult> ActAsync(Func<Task<string>> action, CancellationToken cancellationToken, Func<string>? then = null)
    {
        try
        {
            Done = await action();
            return LocalRedirect(then?.Invoke() ?? Request.Path + Request.QueryString);
        }
        catch (Exception e) when (ProblemOf(e) is { } problem)
        {
            Problem = ConsoleProblem.From(problem);
        }
        // What the refused action changed in memory is not what the page must show: read everything afresh.
        HttpContext.RequestServices.GetRequiredService<ProvisioningDbContext>().ChangeTracker.Clear();
        var status = Problem.Status;
        await OnGetAsync(cancellationToken);
        Response.StatusCode = status;
        return Page();
    }

    /// <summary>What the API would answer for <paramref name="exception"/>; null for a fault (which stays a 500, logged).</summary>
    private ProblemDetails? ProblemOf(Exception exception) =>
        exception is ConsoleRefusal refusal ? refusal.Problem : HttpContext.RequestServices.GetRequiredService<ExceptionProblems>().Describe(exception);
}
