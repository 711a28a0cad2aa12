namespace Provisioning.Api.Blueprints;

public sealed record BlueprintRevisionPage(IReadOnlyList<BlueprintRevisionView> Items, string? NextCursor);
