namespace Provisioning.TwilioEmulator.Admin;

/// <summary>Body of <c>PATCH /_emulator/stores/{id}</c>. <c>Status</c> pins the status (QUEUED, PROVISIONING, ACTIVE, FAILED).</summary>
public sealed record OutOfBandStoreChange(string? Status = null, string? DisplayName = null);
