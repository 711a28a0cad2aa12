namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>An import's mapping of one CSV header column to a trait (the spec's <c>ColumnMappingItem</c>).</summary>
public sealed record ColumnMapping(string ColumnName, string TraitGroup, string TraitName);
