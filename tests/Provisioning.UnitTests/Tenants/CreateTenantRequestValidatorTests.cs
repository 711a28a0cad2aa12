using FluentValidation.TestHelper;
using Microsoft.Extensions.Options;
using Provisioning.Api.Tenants;
using Provisioning.Api.Webhooks;

namespace Provisioning.UnitTests.Tenants;

public sealed class CreateTenantRequestValidatorTests
{
    private readonly CreateTenantRequestValidator _validator = new(new OutboundAddressPolicy(Options.Create(new WebhookOptions())));

    [Theory]
    [InlineData("a")]
    [InlineData("acme")]
    [InlineData("acme-corp-2")]
    [InlineData("0123456789012345678901234")] // 25: "client-" + 25 = 32, the configuration displayName limit
    public void Accepts_client_ids_that_fit_twilio_names(string clientId) =>
        _validator.TestValidate(new CreateTenantRequest(clientId, null, null)).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData("")]
    [InlineData("Acme")]                       // uppercase: Twilio name uniqueness may ignore case
    [InlineData("acme_corp")]                  // '_' is not allowed in store names
    [InlineData("acme.corp")]
    [InlineData("acme corp")]
    [InlineData("-acme")]
    [InlineData("01234567890123456789012345")] // 26: the configuration displayName would exceed 32
    [InlineData("acmé")]
    public void Rejects_client_ids_twilio_cannot_name(string clientId) =>
        _validator.TestValidate(new CreateTenantRequest(clientId, null, null)).ShouldHaveValidationErrorFor(r => r.ClientId);

    [Theory]
    [InlineData("support", true)]
    [InlineData("a", true)]
    [InlineData("support-2", true)]
    [InlineData("Support", false)]
    [InlineData("2support", false)]
    [InlineData("", false)]
    [InlineData("support\n", false)]
    public void A_blueprint_is_named_by_a_blueprint_name(string blueprint, bool valid)
    {
        var result = _validator.TestValidate(new CreateTenantRequest("acme", null, null, Blueprint: blueprint));

        if (valid) result.ShouldNotHaveValidationErrorFor(r => r.Blueprint);
        else result.ShouldHaveValidationErrorFor(r => r.Blueprint);
    }

    [Fact]
    public void Store_and_configuration_names_fit_twilio_limits_for_the_longest_client_id()
    {
        var tenant = new Tenant(new string('a', TenantRules.ClientIdMaxLength), null, OrchestratorSettings.Default, callbackUrl: null, TenantIsolation.Pooled, DateTimeOffset.UtcNow);

        Assert.Equal(32, tenant.MemoryStoreName.Length);
        Assert.Matches("^[a-zA-Z0-9-]+$", tenant.MemoryStoreName);
    }

    [Theory]
    [InlineData("pooled", TenantIsolation.Pooled)]
    [InlineData("dedicated", TenantIsolation.Dedicated)]
    [InlineData(null, null)]
    public void Takes_isolation_as_the_api_spells_it(string? isolation, TenantIsolation? expected)
    {
        var request = new CreateTenantRequest("acme", null, null, Isolation: isolation);

        _validator.TestValidate(request).ShouldNotHaveValidationErrorFor(r => r.Isolation);
        Assert.Equal(expected, request.ToIsolation());
    }

    [Theory]
    [InlineData("Dedicated")]
    [InlineData("1")]
    [InlineData("shared")]
    [InlineData("")]
    public void Rejects_any_other_isolation(string isolation) =>
        _validator.TestValidate(new CreateTenantRequest("acme", null, null, Isolation: isolation))
            .ShouldHaveValidationErrorFor(r => r.Isolation).WithErrorMessage("'isolation' must be one of pooled, dedicated.");

    [Fact]
    public void Rejects_unknown_grouping_type_and_bad_callbacks()
    {
        var request = new CreateTenantRequest("acme", null, new OrchestratorRequest("GROUP_BY_MOOD", null,
            [new StatusCallbackRequestBody("ftp://example.com", "PUT"), new StatusCallbackRequestBody("https://a.example", null), new StatusCallbackRequestBody("https://b.example", null)]));

        var errors = _validator.TestValidate(request).Errors.Select(e => e.PropertyName).ToHashSet();

        Assert.Contains("orchestrator.conversationGroupingType", errors);
        Assert.Contains("orchestrator.statusCallbacks", errors);
        Assert.Contains("orchestrator.statusCallbacks[0].Url", errors);
        Assert.Contains("orchestrator.statusCallbacks[0].Method", errors);
    }

    [Fact]
    public void Repeated_signup_with_defaults_spelled_out_counts_as_the_same_settings()
    {
        var implicitDefaults = new CreateTenantRequest("acme", null, null).ToOrchestratorSettings();
        var explicitDefaults = new CreateTenantRequest("acme", null,
            new OrchestratorRequest("GROUP_BY_PROFILE", true, [])).ToOrchestratorSettings();

        Assert.Equal(implicitDefaults, explicitDefaults);
        Assert.NotEqual(implicitDefaults, new CreateTenantRequest("acme", null, new OrchestratorRequest(null, false, null)).ToOrchestratorSettings());
    }

    [Theory]
    [InlineData("https://isv.example/provisioning/events", true)]
    [InlineData("http://isv.example/provisioning/events", false)]
    [InlineData("https://127.0.0.1:5080/_emulator/reset", false)]
    [InlineData("https://169.254.169.254/latest/meta-data", false)]
    [InlineData("https://[::ffff:10.0.0.5]/", false)]
    [InlineData("https://a.localhost/", false)]
    public void Callback_url_must_be_https_on_a_public_or_named_host(string callbackUrl, bool valid)
    {
        var result = _validator.TestValidate(new CreateTenantRequest("acme", null, null, callbackUrl));

        if (valid) result.ShouldNotHaveAnyValidationErrors();
        else result.ShouldHaveValidationErrorFor(r => r.CallbackUrl);
    }

    [Fact]
    public void Status_callbacks_get_the_same_scheme_and_address_rules()
    {
        var request = new CreateTenantRequest("acme", null, new OrchestratorRequest(null, null,
            [new StatusCallbackRequestBody("http://isv.example/status", null), new StatusCallbackRequestBody("https://192.168.0.10/status", null)]));

        var errors = _validator.TestValidate(request).Errors.Select(e => e.PropertyName).ToHashSet();

        Assert.Contains("orchestrator.statusCallbacks[0].Url", errors);
        Assert.Contains("orchestrator.statusCallbacks[1].Url", errors);
    }
}
