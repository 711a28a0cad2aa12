namespace Provisioning.Api.Tenants;

/// <summary>One store of the erasure record: deleted at <see cref="DeletedAt"/>, or left at Twilio by an admin (<see cref="ResidualAcceptedAt"/>).</summary>
public sealed record ErasedStore(string StoreId, string AccountSid, DateTimeOffset? DeletedAt, DateTimeOffset? ResidualAcceptedAt, string? LastRefusal);
