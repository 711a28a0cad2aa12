namespace Provisioning.Api.Tenants;

/// <summary>A store the tenant no longer uses; until <c>DeletedAt</c> it still counts against its account.</summary>
public sealed record RetiredStoreResponse(string StoreId, string AccountSid, string DisplayName, DateTimeOffset RetiredAt, DateTimeOffset? DeletedAt, string? DeleteRefusal);
