using Provisioning.Api.Infrastructure.Database;

namespace Provisioning.Api.Blueprints;

/// <summary>
/// A named, versioned desired state for tenants' stores and configurations: the name tenants refer to and the number
/// of its latest revision. The content lives in its <see cref="BlueprintRevision"/>s, which never change; a change is a
/// new revision (<see cref="Revise"/>).
/// </summary>
public sealed class Blueprint : ITimestamped
{
    private Blueprint() { }

    private Blueprint(string name, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        Name = name;
        CreatedAt = UpdatedAt = DatabaseTime.Truncate(now);
    }

    /// <summary>Time-ordered (UUIDv7): the keyset paging key of the list.</summary>
    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public int LatestRevision { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>PostgreSQL xmin: two revisions made at once cannot both become the latest.</summary>
    public uint Version { get; private set; }

    /// <summary>A new blueprint and its revision 1.</summary>
    public static (Blueprint Blueprint, BlueprintRevision Revision) Create(string name, BlueprintContent content, string actor, string? reason, DateTimeOffset now)
    {
        var blueprint = new Blueprint(name, now);
        return (blueprint, blueprint.Revise(content, actor, reason, now));
    }

    /// <summary>The next revision, which becomes the latest.</summary>
    public BlueprintRevision Revise(BlueprintContent content, string actor, string? reason, DateTimeOffset now)
    {
        LatestRevision++;
        return new BlueprintRevision(Name, LatestRevision, content, actor, reason, now);
    }
}
