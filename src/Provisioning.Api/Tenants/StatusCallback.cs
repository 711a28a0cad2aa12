namespace Provisioning.Api.Tenants;

public sealed record StatusCallback(string Url, string Method);
