namespace Provisioning.Api.Blueprints;

/// <summary>One blueprint of the list: its name and latest revision, without content.</summary>
public sealed record BlueprintSummary(string Name, int LatestRevision, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static BlueprintSummary From(Blueprint b) => new(b.Name, b.LatestRevision, b.CreatedAt, b.UpdatedAt);
}
