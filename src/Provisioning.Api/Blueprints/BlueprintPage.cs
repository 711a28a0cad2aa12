namespace Provisioning.Api.Blueprints;

public sealed record BlueprintPage(IReadOnlyList<BlueprintSummary> Items, string? NextCursor);
