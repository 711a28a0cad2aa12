namespace Provisioning.Api.Accounts;

/// <summary>Body of <c>POST /v1/accounts/{sid}/rotate-key</c>: why the key is rotated (logged with the admin's key name).</summary>
public sealed record RotateKeyRequest(string? Reason);
