using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Provisioning.Api.Console.Pages;

/// <summary>Sign-out is a POST with the anti-forgery token (a GET would let any page sign an admin out).</summary>
public sealed class LogoutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/admin");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(ConsoleAuthentication.Scheme);
        return Redirect(ConsoleAuthentication.LoginPath);
    }
}
