using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Provisioning.Api.Infrastructure.Auth;

namespace Provisioning.Api.Console.Pages;

/// <summary>
/// Sign-in: the key is checked exactly as the <c>X-Api-Key</c> handler checks it (<see cref="ApiKeys"/>), with the
/// same budget of wrong keys per address (<see cref="FailedAuthenticationLimiter"/>), and the session carries the
/// key's name (the audit trail's actor) and role, never the key, and the id of its record at the service
/// (<see cref="ConsoleSessions"/>).
/// </summary>
public sealed class LoginModel(
    IOptionsMonitor<AuthOptions> auth, IOptions<ConsoleOptions> console, FailedAuthenticationLimiter failures, ConsoleSessions sessions) : PageModel
{
    public string? ReturnUrl { get; private set; }
    public bool Refused { get; private set; }

    /// <summary>Set when this address has spent its wrong keys: how many seconds until it may try again.</summary>
    public string? RetryAfterSeconds { get; private set; }
    public string SessionLifetime => console.Value.SessionLifetime switch
    {
        { TotalMinutes: < 60 } t => $"{t.TotalMinutes:0} minutes",
        { TotalHours: < 48 } t => $"{t.TotalHours:0.#} hours",
        var t => $"{t.TotalDays:0.#} days",
    };

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string? apiKey, string? returnUrl, CancellationToken cancellationToken)
    {
        ReturnUrl = returnUrl;
        // Refused before the key is compared, a right one too: guessing on would otherwise still tell a hit.
        if (failures.IsRefused(HttpContext, out var retryAfter))
        {
            RetryAfterSeconds = FailedAuthenticationLimiter.RetryAfterSeconds(retryAfter);
            Response.Headers.RetryAfter = RetryAfterSeconds;
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        var key = string.IsNullOrEmpty(apiKey) ? null : ApiKeys.Find(auth.CurrentValue.ApiKeys, apiKey);
        if (key is null)
        {
            if (!string.IsNullOrEmpty(apiKey)) failures.RecordFailure(HttpContext);
            Refused = true;
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        var claims = ApiKeys.ClaimsOf(key);
        claims.Add(new Claim(ConsoleAuthentication.KeyHashClaim, key.Sha256));
        claims.Add(new Claim(ConsoleAuthentication.SessionIdClaim, (await sessions.StartAsync(key.Name, cancellationToken)).ToString()));
        await HttpContext.SignInAsync(ConsoleAuthentication.Scheme,
            new ClaimsPrincipal(new ClaimsIdentity(claims, ConsoleAuthentication.Scheme)),
            new AuthenticationProperties { IsPersistent = false });
        // Only back into this site: a returnUrl elsewhere would make the sign-in page an open redirect.
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/admin");
    }
}
