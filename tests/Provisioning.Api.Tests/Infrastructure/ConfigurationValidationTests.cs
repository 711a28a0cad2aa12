using Microsoft.Extensions.Options;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Infrastructure;

/// <summary>A bad deployment fails at start, saying which setting is wrong, instead of failing a signup later.</summary>
public sealed class ConfigurationValidationTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    public static TheoryData<string, string?, string> BadSettings => new()
    {
        { "Twilio:AccountSid", "not-a-sid", "Twilio:AccountSid" },
        { "Twilio:AuthToken", "", "Twilio:AuthToken" },
        // Both parent forms, naming different accounts as parent 0: refused as ambiguous.
        { "Twilio:Parents:0:AccountSid", "AC" + new string('f', 32), "ambiguous" },
        { "Twilio:Parents:0:AccountSid", "not-a-sid", "Twilio:Parents:0:AccountSid" },
        { "Auth:ApiKeys:0:Sha256", "ABC", "Auth:ApiKeys:0" },
        { "Auth:ApiKeys:0:Role", "Superuser", "Auth:ApiKeys:0" },
        // The control-plane key with the admin key's hash, or its name: the first would win at sign-in.
        { "Auth:ApiKeys:1:Sha256", ProvisioningStack.Sha256Hex(ProvisioningStack.AdminKey), "same Sha256" },
        { "Auth:ApiKeys:1:Name", "test-admin", "the name 'test-admin'" },
        { "Provisioning:MaxAttempts", "0", "MaxAttempts" },
        { "Webhooks:Url", "https://hooks.example", "Webhooks:Secret" },
        { "Webhooks:WorkerCount", "0", "WorkerCount" },
        { "Webhooks:WorkerCount", "95", "Webhooks:WorkerCount=95" }, // with Jobs:WorkerCount=10, more than the pool of 100 holds
        { "Webhooks:AllowedHosts:0", "https://hooks.example", "Webhooks:AllowedHosts" },
        { "Service:Role", "Everything", "Service:Role" },
        { "DataProtection:CertificatePath", "/nonexistent/key-ring.pfx", "DataProtection:CertificatePath" },
        // Production without a certificate: refused, and the message names both ways out.
        { "DataProtection:CertificatePath", "", "DataProtection:AllowUnprotectedKeys" },
        // Production with the default token issuer: refused, naming the setting (left unset: below).
        { "Gateway:Issuer", "provisioning", "Gateway:Issuer is the default" },
        { "Reconciliation:Policies:MissingStore", "Delete", "Reconciliation:Policies:MissingStore" },
        { "Telemetry:MetricsPort", "0", "MetricsPort" },
        { "AccountPool:RetiredKeyGracePeriod", "-00:00:01", "RetiredKeyGracePeriod" },
        { "AccountPool:CloseEmptySubaccountsAfter", "00:00:00", "CloseEmptySubaccountsAfter" },
        { "Provisioning:FailedSlotRetention", "00:00:00", "FailedSlotRetention" },
        { "Provisioning:DefaultIsolation", "shared", "Provisioning:DefaultIsolation" },
        { "Provisioning:DefaultIsolation", "7", "DefaultIsolation" },
        // Only the default blueprint's form can be checked at start (blueprints live in the database).
        { "Provisioning:DefaultBlueprint", "Standard Model", "Provisioning:DefaultBlueprint" },
        // A dedicated subaccount's name, <prefix>-tenant-<clientId>, must fit Twilio's 64 characters.
        { "AccountPool:SubaccountPrefix", new string('p', 32), "AccountPool:SubaccountPrefix must be 1-31" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Invalid_setting_stops_the_start_with_a_message_naming_it(string key, string? value, string named)
    {
        var settings = new Dictionary<string, string?>(stack.Host.Settings) { [key] = value };
        using var host = new ProvisioningHost(settings);

        var error = Assert.ThrowsAny<Exception>(() => host.Services);

        var messages = error is OptionsValidationException validation ? string.Join(" | ", validation.Failures) : error.ToString();
        Assert.Contains(named, messages);
    }

    [Fact]
    public void Production_without_a_token_issuer_of_its_own_does_not_start()
    {
        var settings = new Dictionary<string, string?>(stack.Host.Settings);
        settings.Remove("Gateway:Issuer");
        using var host = new ProvisioningHost(settings);

        var error = Assert.ThrowsAny<OptionsValidationException>(() => host.Services);

        Assert.Contains(error.Failures, f => f.Contains("Gateway:Issuer is the default 'provisioning'", StringComparison.Ordinal)
                                             && f.Contains("Set Gateway:Issuer to this deployment's own name", StringComparison.Ordinal));
    }
}
