namespace Provisioning.Api.Tenants;

/// <summary>Minutes after which Twilio marks a conversation of the channel inactive, then closed (C1 channelSettings).</summary>
public sealed record StatusTimeouts(int? Inactive, int? Closed);
