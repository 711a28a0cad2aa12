using Provisioning.Api.Infrastructure.Database;

namespace Provisioning.Api.Blueprints;

/// <summary>
/// One revision of a blueprint, immutable once written: what tenants on this revision are to have. Keyed by
/// (<see cref="BlueprintName"/>, <see cref="Revision"/>), the pair a tenant records, so that whatever applies a tenant's
/// blueprint reads its revision with one lookup.
/// </summary>
public sealed class BlueprintRevision
{
    private BlueprintRevision() { }

    internal BlueprintRevision(string blueprintName, int revision, BlueprintContent content, string createdBy, string? reason, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        BlueprintName = blueprintName;
        Revision = revision;
        Content = content;
        CreatedBy = createdBy;
        Reason = reason;
        CreatedAt = DatabaseTime.Truncate(now);
    }

    /// <summary>Time-ordered (UUIDv7), so it doubles as the keyset paging key of a blueprint's revisions.</summary>
    public Guid Id { get; private set; }
    public string BlueprintName { get; private set; } = "";
    /// <summary>1, 2, …: the blueprint's revisions in the order they were made.</summary>
    public int Revision { get; private set; }
    public BlueprintContent Content { get; private set; } = null!;
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>The API key's name that made it.</summary>
    public string CreatedBy { get; private set; } = "";
    public string? Reason { get; private set; }
}
