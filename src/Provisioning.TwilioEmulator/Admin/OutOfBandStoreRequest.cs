namespace Provisioning.TwilioEmulator.Admin;

/// <summary>Body of <c>POST /_emulator/accounts/{sid}/stores</c>: a store that appears instantly ACTIVE and visible.</summary>
public sealed record OutOfBandStoreRequest(string DisplayName, string? Description = null);
