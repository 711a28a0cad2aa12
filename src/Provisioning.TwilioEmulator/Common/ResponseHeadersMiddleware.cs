using Provisioning.TwilioEmulator.Accounts;

namespace Provisioning.TwilioEmulator;

/// <summary>
/// Adds <see cref="EmulatorOptions.ResponseHeaders"/> to every Twilio API answer, errors and 401s included,
/// the way Twilio's edge adds headers of its own to whatever the API answered.
/// </summary>
public sealed class ResponseHeadersMiddleware(RequestDelegate next, EmulatorSettings settings)
{
    public Task InvokeAsync(HttpContext context)
    {
        var headers = settings.Current.ResponseHeaders;
        if (headers.Count > 0 && !EmulatorPaths.IsAdmin(context.Request.Path))
        {
            context.Response.OnStarting(() =>
            {
                foreach (var (name, value) in headers) context.Response.Headers.Append(name, value);
                return Task.CompletedTask;
            });
        }
        return next(context);
    }
}
