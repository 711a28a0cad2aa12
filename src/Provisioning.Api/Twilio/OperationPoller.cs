using Microsoft.Extensions.Options;

namespace Provisioning.Api.Twilio;

/// <summary>Waits for Twilio's asynchronous operations (M6, C7), honouring Retry-After, within a step timeout.</summary>
public sealed class OperationPoller(TimeProvider time, IOptions<OperationPollingOptions> options)
{
    private readonly OperationPollingOptions _options = options.Value;

    /// <summary>Polls <paramref name="fetch"/> until the operation ends; throws <see cref="TwilioOperationTimeoutException"/> past the timeout.</summary>
    public async Task<OperationStatus> WaitForEndAsync(Func<CancellationToken, Task<OperationStatus>> fetch, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + _options.StepTimeout;
        while (true)
        {
            var status = await fetch(cancellationToken);
            if (status.State != OperationState.InProgress) return status;
            if (time.GetUtcNow() > deadline)
                throw new TwilioOperationTimeoutException($"Twilio operation still in progress after {_options.StepTimeout}.");
            await DelayAsync(status.RetryAfter, cancellationToken);
        }
    }

    /// <summary>Polls after an accepted write, first waiting the Retry-After the 202 asked for.</summary>
    public async Task<OperationStatus> WaitForEndAsync(AcceptedOperation accepted, Func<string, CancellationToken, Task<OperationStatus>> fetch,
        CancellationToken cancellationToken)
    {
        await DelayAsync(accepted.RetryAfter, cancellationToken);
        return await WaitForEndAsync(ct => fetch(accepted.OperationId, ct), cancellationToken);
    }

    /// <summary>Honours Twilio's Retry-After, else waits the configured poll interval.</summary>
    public Task DelayAsync(TimeSpan? retryAfter, CancellationToken cancellationToken) =>
        Task.Delay(retryAfter is { } r && r > TimeSpan.Zero ? r : _options.PollInterval, time, cancellationToken);
}
