namespace Provisioning.Api.Accounts;

/// <summary>Body of <c>PATCH /v1/accounts/{sid}</c>; fields left out stay as they are.</summary>
public sealed record UpdateAccountRequest(int? StoreCapacity, bool? AcceptsTenants, int? ConfigurationCapacity = null);
