using Provisioning.TwilioEmulator.Accounts;

namespace Provisioning.TwilioEmulator.Admin;

/// <summary>Outermost middleware: records the final status, including injected faults and 401s.</summary>
public sealed class RequestLogMiddleware(RequestDelegate next, RequestLog log, TimeProvider time)
{
    private const int MaxLoggedBodyChars = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (EmulatorPaths.IsAdmin(request.Path))
        {
            await next(context);
            return;
        }

        var sequence = log.NextSequence();
        var received = time.GetUtcNow();
        string? body = null;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            // Buffer so the endpoint can still read the body after we did.
            request.EnableBuffering();
            using var reader = new StreamReader(request.Body, leaveOpen: true);
            var text = await reader.ReadToEndAsync(context.RequestAborted);
            request.Body.Position = 0;
            body = text.Length > MaxLoggedBodyChars ? text[..MaxLoggedBodyChars] : text;
        }

        try
        {
            await next(context);
        }
        finally
        {
            var caller = BasicAuthenticationMiddleware.FindCaller(context);
            log.Add(new LoggedRequest(
                sequence,
                received,
                request.Method,
                request.Path.Value ?? "",
                request.QueryString.Value ?? "",
                caller?.AccountSid,
                caller?.CredentialSid,
                context.Response.StatusCode,
                body,
                request.Headers["Idempotency-Key"].FirstOrDefault(),
                request.Headers.Keys.Order(StringComparer.OrdinalIgnoreCase).ToList()));
        }
    }
}
