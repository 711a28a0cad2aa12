namespace Provisioning.Api.Accounts;

/// <summary>One account's store slots in use (ours and foreign) against its capacity, as the slot gauges report them.</summary>
public sealed record AccountSlots(string Sid, int Used, int Capacity);
