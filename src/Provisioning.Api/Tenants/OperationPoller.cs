using Microsoft.Extensions.Options;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Tenants;

/// <summary>Waits for Twilio's asynchronous operations (M6, C7), honouring Retry-After, within a step timeout.</summary>
public sealed class OperationPoller(TimeProvider time, IOptions<ProvisioningOptions> options)
{
    private readonly ProvisioningOptions _options = options.Value;

    /// <summary>Polls <paramref name="fetch"/> until the operation ends; throws a transient step error past the timeout.</summary>
    public async Task<OperationStatus> WaitForEndAsync(Func<CancellationToken, Task<OperationStatus>> fetch, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + _options.StepTimeout;
        while (true)
        {
            var status = await fetch(cancellationToken);
            if (status.State != OperationState.InProgress) return status;
            if (time.GetUtcNow() > deadline)
                throw new OnboardingStepException($"Twilio operation still in progress after {_options.StepTimeout}.", transient: true);
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
