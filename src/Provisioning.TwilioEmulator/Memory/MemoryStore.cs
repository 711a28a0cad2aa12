namespace Provisioning.TwilioEmulator.Memory;

/// <summary>
/// A Conversation Memory store. Its status is not stored but derived from timestamps on every read, so no
/// background timer is needed: QUEUED until the create operation completes, PROVISIONING until
/// <see cref="ActiveAt"/>, then ACTIVE; or FAILED from the end of the create operation when provisioning fails.
/// </summary>
public sealed class MemoryStore
{
    public required string Id { get; init; }
    public required string AccountSid { get; init; }
    public required string DisplayName { get; set; }
    public string? Description { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>End of the eventual-consistency window: before this the store is 404 and unlisted.</summary>
    public required DateTimeOffset VisibleAt { get; init; }
    public required DateTimeOffset QueuedUntil { get; init; }
    public required DateTimeOffset ActiveAt { get; init; }

    /// <summary>When the pending delete completes; null when no delete was requested.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>Set out of band (admin API) to pin the status, e.g. FAILED.</summary>
    public string? ForcedStatus { get; set; }
    /// <summary>The create's provisioning fails (a scripted fault): FAILED once the create operation has ended.</summary>
    public bool ProvisioningFails { get; init; }

    public int Version { get; set; } = 1;
    public required string IntelligenceServiceId { get; init; }
    public required long Sequence { get; init; }

    public string StatusAt(DateTimeOffset now) =>
        ForcedStatus ?? (now < QueuedUntil ? "QUEUED" : ProvisioningFails ? "FAILED" : now < ActiveAt ? "PROVISIONING" : "ACTIVE");

    public bool IsDeletedAt(DateTimeOffset now) => DeletedAt <= now;

    /// <summary>Counts against the cap and blocks its display name until the delete completes.</summary>
    public bool ExistsAt(DateTimeOffset now) => !IsDeletedAt(now);

    public bool IsVisibleAt(DateTimeOffset now) => VisibleAt <= now && !IsDeletedAt(now);

    public string ETag => $"\"{Version}\"";
}
