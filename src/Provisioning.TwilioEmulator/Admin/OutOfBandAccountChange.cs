namespace Provisioning.TwilioEmulator.Admin;

/// <summary>Body of <c>PATCH /_emulator/accounts/{sid}</c>: any status change, even reopening a closed account.</summary>
public sealed record OutOfBandAccountChange(string? Status = null, string? FriendlyName = null);
