using Provisioning.TwilioEmulator.Accounts;

namespace Provisioning.TwilioEmulator.Faults;

/// <summary>
/// Applies the global latency and random error rate, then any scripted fault, to Twilio API requests
/// (never to <c>/_emulator</c>). Runs after authentication so a lost acknowledgement really performs the
/// authenticated action.
/// </summary>
public sealed class FaultInjectionMiddleware(RequestDelegate next, EmulatorSettings settings, FaultRegistry faults)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (EmulatorPaths.IsAdmin(context.Request.Path))
        {
            await next(context);
            return;
        }

        var options = settings.Current;
        if (options.LatencyMs > 0) await Task.Delay(options.LatencyMs, context.RequestAborted);

        if (options.ErrorRate > 0 && Random.Shared.NextDouble() < options.ErrorRate)
        {
            var status = options.ErrorStatusCodes[Random.Shared.Next(options.ErrorStatusCodes.Count)];
            await ApiError.ForStatus(status, options.RetryAfterSeconds).ExecuteAsync(context);
            return;
        }

        var fault = faults.TryConsume(context.Request);
        if (fault is null && options.LostAcknowledgementRate > 0 && !HttpMethods.IsGet(context.Request.Method)
            && Random.Shared.NextDouble() < options.LostAcknowledgementRate)
            fault = new ScriptedFault { Kind = FaultKind.LostAcknowledgement, Status = options.LostAcknowledgementStatus };

        switch (fault?.Kind)
        {
            case null:
                await next(context);
                break;
            case FaultKind.Status:
                await ErrorFor(fault, options).ExecuteAsync(context);
                break;
            case FaultKind.Delay:
                await Task.Delay(fault.DelayMs, context.RequestAborted);
                await next(context);
                break;
            case FaultKind.LostAcknowledgement:
                await RunThenLoseAcknowledgementAsync(context, fault, options);
                break;
            case FaultKind.Redirect:
                context.Response.StatusCode = fault.Status;
                context.Response.Headers.Location = fault.Location;
                break;
            case FaultKind.RepeatPage:
                await RepeatedPage.RunAsync(context, next);
                break;
            case FaultKind.FailOperation:
                FaultContext.MarkFailOperation(context);
                await next(context);
                break;
        }
    }

    // The endpoint writes into a buffer that is thrown away, so the client never sees the real answer.
    private async Task RunThenLoseAcknowledgementAsync(HttpContext context, ScriptedFault fault, EmulatorOptions options)
    {
        var originalBody = context.Response.Body;
        using var discarded = new MemoryStream();
        context.Response.Body = discarded;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = originalBody;
        }

        context.Response.Clear();
        if (fault.Hang)
        {
            try
            {
                await Task.Delay(fault.DelayMs, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up first, which is the point of hanging.
            }

            context.Abort();
            return;
        }

        await ErrorFor(fault, options).ExecuteAsync(context);
    }

    // A fault's own Retry-After wins and is sent with any status; otherwise 429/503 get the global default.
    private static ApiError ErrorFor(ScriptedFault fault, EmulatorOptions options)
    {
        var error = ApiError.ForStatus(fault.Status, fault.RetryAfterSeconds ?? options.RetryAfterSeconds);
        if (fault.Code is { } code) error = error with { Code = code, Message = fault.Message ?? $"Emulated error {code}" };
        return fault.RetryAfterSeconds is { } seconds
            ? error with { Headers = new Dictionary<string, string>(error.Headers) { ["Retry-After"] = seconds.ToString() } }
            : error;
    }
}
