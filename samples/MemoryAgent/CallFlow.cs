namespace MemoryAgent;

/// <summary>
/// What an agent does when a client's customer calls: find the caller by phone (a new profile if there is none),
/// remember what they said, and recall what matters before answering.
/// </summary>
public sealed class CallFlow(TenantMemoryClient memory, TimeSpan consistencyWindow)
{
    public async Task<CallOutcome> ServeAsync(string phone, string said, string question, CancellationToken cancellationToken)
    {
        var profiles = await memory.LookupByPhoneAsync(phone, cancellationToken);
        var profileId = profiles.Count > 0 ? profiles[0] : await memory.CreateProfileAsync(phone, cancellationToken);
        await memory.AddObservationAsync(profileId, said, cancellationToken);
        // Twilio's Memory is eventually consistent: a write is readable after a moment, so recall waits that long.
        await Task.Delay(consistencyWindow, cancellationToken);
        var recalled = await memory.RecallAsync(profileId, question, cancellationToken);
        return new CallOutcome(profileId, profiles.Count == 0, recalled);
    }
}
