namespace Provisioning.Api.Twilio;

/// <summary>A configuration as listed (C2) or fetched (C3).</summary>
public sealed record Configuration(string Id, string? DisplayName, string? MemoryStoreId, bool? MemoryExtractionEnabled);
