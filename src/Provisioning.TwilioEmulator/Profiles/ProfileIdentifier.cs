namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>A normalised identifier value, e.g. (<c>phone</c>, <c>+13175556789</c>).</summary>
public sealed record ProfileIdentifier(string Type, string Value);
