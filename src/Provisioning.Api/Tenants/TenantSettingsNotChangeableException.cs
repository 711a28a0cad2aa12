using Provisioning.Api.Infrastructure.Domain;

namespace Provisioning.Api.Tenants;

/// <summary>A settings change that Twilio cannot make to an existing configuration (answered 422, with the way to do it).</summary>
public sealed class TenantSettingsNotChangeableException(string field, string message) : UnprocessableException(field, message);
