namespace Provisioning.TwilioEmulator;

/// <summary>
/// Idempotency-Key handling for Conversations writes: a key repeated by the same account within 24 h gets
/// the original response replayed and nothing is executed again (contract §3). Only successful (2xx)
/// responses are recorded, so a request refused for a transient reason (e.g. store not yet ACTIVE) can be
/// retried with the same key.
/// </summary>
public static class Idempotency
{
    public const string HeaderName = "Idempotency-Key";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>Runs <paramref name="execute"/> under the state lock unless the key was seen before.</summary>
    public static IResult Execute(EmulatorState state, HttpRequest request, string accountSid, Func<IResult> execute)
    {
        var key = request.Headers[HeaderName].ToString();
        if (key.Length == 0)
        {
            lock (state.Sync) return execute();
        }

        // The spec asks for a UUID in 8-4-4-4-12 form.
        if (!Guid.TryParseExact(key, "D", out _))
        {
            return ApiError.BadRequest($"{HeaderName} must be a UUID (8-4-4-4-12 hex).");
        }

        lock (state.Sync)
        {
            var now = state.Now;
            if (state.IdempotencyRecords.TryGetValue((accountSid, key), out var record) && record.ExpiresAt > now)
            {
                return record.Response;
            }

            var result = execute();
            if (result is ApiResponse { StatusCode: >= 200 and < 300 } response)
            {
                state.IdempotencyRecords[(accountSid, key)] = new IdempotencyRecord(response, now + Lifetime);
            }

            return result;
        }
    }
}
