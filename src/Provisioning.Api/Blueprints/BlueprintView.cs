namespace Provisioning.Api.Blueprints;

/// <summary>A blueprint as the API shows it: its latest revision (in full) and how many it has.</summary>
public sealed record BlueprintView(string Name, int LatestRevision, int RevisionCount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, BlueprintRevisionView Latest)
{
    /// <summary>Revisions are numbered from 1 without gaps, so the latest's number is also their count.</summary>
    public static BlueprintView From(Blueprint blueprint, BlueprintRevision latest) => new(
        blueprint.Name, blueprint.LatestRevision, blueprint.LatestRevision, blueprint.CreatedAt, blueprint.UpdatedAt, BlueprintRevisionView.From(latest));
}
