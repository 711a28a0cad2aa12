namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>A checked body of <c>POST …/Profiles/Imports</c>.</summary>
public sealed record ImportRequest(string Filename, long FileSize, List<ColumnMapping> ColumnMappings);
