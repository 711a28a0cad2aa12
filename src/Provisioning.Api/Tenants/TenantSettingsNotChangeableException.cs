using Provisioning.Api.Infrastructure.Domain;

namespace Provisioning.Api.Tenants;

/// <summary>A settings change that Twilio cannot make to an existing configuration (answered 422, with the way to do it).</summary>
public sealed class TenantSettingsNotChangeableException(string field, string message) : UnprocessableException(field, message)
{
    public static TenantSettingsNotChangeableException Isolation(TenantIsolation current) => new("isolation",
        $"A tenant's isolation is fixed at signup (this one is {TenantRules.NameOf(current)}): changing it means moving its store and "
        + "configuration to another account, which the service does not do yet. To change it, offboard the tenant (its memory is erased) and sign it up again.");

    public static TenantSettingsNotChangeableException ConversationGroupingType() => new("orchestrator.conversationGroupingType",
        "Twilio cannot change a configuration's conversationGroupingType (it is fixed when the configuration is created). "
        + "To change it, offboard the tenant and sign it up again with the new grouping: its configuration is then recreated.");
}
