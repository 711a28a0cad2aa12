using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Provisioning.Api.Console.Pages;

/// <summary>
/// Sign-out is a POST with the anti-forgery token (a GET would let any page sign an admin out). It ends the session
/// at the service, not only in this browser: a copy of the cookie is refused afterwards.
/// </summary>
public sealed class LogoutModel(ConsoleSessions sessions) : PageModel
{
    public IActionResult OnGet() => Redirect("/admin");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // The page admits anonymous posts (an expired session may still sign out), so the session is read here.
        var session = await HttpContext.AuthenticateAsync(ConsoleAuthentication.Scheme);
        if (Guid.TryParse(session.Principal?.FindFirst(ConsoleAuthentication.SessionIdClaim)?.Value, out var id))
            await sessions.EndAsync(id, cancellationToken);
        await HttpContext.SignOutAsync(ConsoleAuthentication.Scheme);
        return Redirect(ConsoleAuthentication.LoginPath);
    }
}
