namespace Provisioning.TwilioEmulator.Persistence;

/// <summary>
/// Tells the <see cref="StateFile"/> about every request that may have changed the state: any method but GET, HEAD and
/// OPTIONS, admin requests included, whatever the answer (a lost acknowledgement changes the state and answers 5xx).
/// Reads never change state, since time-based transitions are computed from stored timestamps.
/// </summary>
public sealed class StateChangeMiddleware(RequestDelegate next, StateFile stateFile)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        finally
        {
            var method = context.Request.Method;
            if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method)) stateFile.MarkChanged();
        }
    }
}
