using System.Net.Http.Headers;
using System.Text;

namespace Provisioning.TwilioEmulator.Accounts;

/// <summary>
/// HTTP Basic authentication for every Twilio API path (everything outside <c>/_emulator</c>).
/// An SK key acts on the account that owns it (contract §1.2). Suspended or closed accounts cannot
/// authenticate. Failures get 401 with code 20003 and a WWW-Authenticate challenge.
/// </summary>
public sealed class BasicAuthenticationMiddleware(RequestDelegate next, EmulatorState state)
{
    private const string CallerKey = "Emulator.Caller";

    public static Caller? FindCaller(HttpContext context) => context.Items[CallerKey] as Caller;

    public static Caller GetCaller(HttpContext context) =>
        FindCaller(context) ?? throw new InvalidOperationException("Endpoint reached without authentication.");

    public async Task InvokeAsync(HttpContext context)
    {
        if (EmulatorPaths.IsAdmin(context.Request.Path) || context.Request.Path == "/")
        {
            await next(context);
            return;
        }

        var caller = Authenticate(context.Request.Headers.Authorization.ToString());
        if (caller is null)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"Twilio API\"";
            await ApiError.Unauthorized().ExecuteAsync(context);
            return;
        }

        context.Items[CallerKey] = caller;
        await next(context);
    }

    private Caller? Authenticate(string header)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var value)
            || !"Basic".Equals(value.Scheme, StringComparison.OrdinalIgnoreCase)
            || value.Parameter is null)
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value.Parameter));
        }
        catch (FormatException)
        {
            return null;
        }

        var separator = decoded.IndexOf(':', StringComparison.Ordinal);
        if (separator <= 0) return null;
        var user = decoded[..separator];
        var password = decoded[(separator + 1)..];

        lock (state.Sync)
        {
            string accountSid;
            if (state.Accounts.TryGetValue(user, out var account) && account.AuthToken == password)
            {
                accountSid = account.Sid;
            }
            else if (state.ApiKeys.TryGetValue(user, out var key) && key.Secret == password)
            {
                accountSid = key.AccountSid;
            }
            else
            {
                return null;
            }

            return state.Accounts.TryGetValue(accountSid, out var owner) && owner.Status == AccountStatus.Active
                ? new Caller(accountSid, user)
                : null;
        }
    }
}
