
namespace Provisioning.Api.Tenants;

public sealed record StatusCallbackRequestBody(string? Url, string? Method);
