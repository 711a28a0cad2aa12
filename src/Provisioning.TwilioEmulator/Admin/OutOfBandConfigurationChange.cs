namespace Provisioning.TwilioEmulator.Admin;

/// <summary>Body of <c>PATCH /_emulator/configurations/{id}</c>; unchecked, to create drift.</summary>
public sealed record OutOfBandConfigurationChange(string? MemoryStoreId = null, bool? MemoryExtractionEnabled = null, string? DisplayName = null);
