namespace Provisioning.Api.Blueprints;

/// <summary>What a <c>PUT</c> did: created the blueprint, made a new revision, or nothing (the content equals the latest revision's).</summary>
public enum BlueprintChange
{
    Created,
    Revised,
    Unchanged,
}
