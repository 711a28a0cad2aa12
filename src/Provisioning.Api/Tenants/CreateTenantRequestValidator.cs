using FluentValidation;
using Provisioning.Api.Webhooks;

namespace Provisioning.Api.Tenants;

public sealed class CreateTenantRequestValidator : AbstractValidator<CreateTenantRequest>
{
    // The URLs a tenant gives are called from inside the deployment's network, by us or by Twilio: outbound judges them.
    public CreateTenantRequestValidator(OutboundAddressPolicy outbound)
    {
        RuleFor(r => r.ClientId)
            .NotEmpty()
            .MaximumLength(TenantRules.ClientIdMaxLength)
            .Matches(TenantRules.ClientIdPattern())
            .WithMessage("'clientId' must be 1-25 characters of lowercase letters, digits and hyphens, starting with a letter or digit.");

        RuleFor(r => r.DisplayName)
            .NotEmpty().When(r => r.DisplayName is not null, ApplyConditionTo.CurrentValidator)
            .MaximumLength(TenantRules.DisplayNameMaxLength)
            .Must(NotContainControlCharacters).WithMessage("'displayName' must not contain control characters.");

        RuleFor(r => r.CallbackUrl)
            .MaximumLength(MaxUrlLength)
            .Must(u => u is null || outbound.RefusalOf(u, checkAllowedHosts: true) is null)
            .WithMessage((_, u) => $"'callbackUrl' {outbound.RefusalOf(u!, checkAllowedHosts: true)}.");

        RuleFor(r => r.Isolation)
            .Must(i => i is null || TenantRules.Isolations.ContainsKey(i))
            .WithMessage($"'isolation' must be one of {string.Join(", ", TenantRules.Isolations.Keys)}.");

        // hipaa and pci are known values, refused with why (422) once the body is otherwise valid.
        RuleFor(r => r.DataClassification)
            .Must(c => c is null || DataClassifications.All.Contains(c))
            .WithMessage($"'dataClassification' must be one of {string.Join(", ", DataClassifications.All)}.");
        // Its form only: whether such a blueprint exists is the signup's to say (422), as it can change any time.
        RuleFor(r => r.Blueprint)
            .Must(b => b is null || TenantRules.IsValidBlueprintName(b))
            .WithMessage("'blueprint' must be a blueprint name: 1-63 lowercase letters, digits and hyphens, starting with a letter.");

        When(r => r.Orchestrator is not null, () =>
        {
            RuleFor(r => r.Orchestrator!.ConversationGroupingType)
                .Must(t => t is null || OrchestratorSettings.GroupingTypes.Contains(t))
                .WithMessage($"'conversationGroupingType' must be one of {string.Join(", ", OrchestratorSettings.GroupingTypes)}.")
                .OverridePropertyName("orchestrator.conversationGroupingType");

            RuleFor(r => r.Orchestrator!.StatusCallbacks)
                .Must(c => c is null || c.Count <= TenantRules.MaxStatusCallbacks)
                .WithMessage($"At most {TenantRules.MaxStatusCallbacks} status callbacks are allowed.")
                .OverridePropertyName("orchestrator.statusCallbacks");

            RuleForEach(r => r.Orchestrator!.StatusCallbacks)
                .NotNull()
                .ChildRules(callback =>
                {
                    // Twilio calls these, not us: the same scheme and literal address rules, but not our allowed hosts.
                    callback.RuleFor(c => c!.Url)
                        .NotEmpty()
                        .MaximumLength(MaxUrlLength)
                        .Must(u => u is null || outbound.RefusalOf(u, checkAllowedHosts: false) is null)
                        .WithMessage((_, u) => $"'url' {outbound.RefusalOf(u!, checkAllowedHosts: false)}.");
                    callback.RuleFor(c => c!.Method)
                        .Must(m => m is null || m.ToUpperInvariant() is "POST" or "GET")
                        .WithMessage("'method' must be POST or GET.");
                })
                .OverridePropertyName("orchestrator.statusCallbacks");

            RuleFor(r => r.Orchestrator!.Channels)
                .Custom((channels, context) =>
                {
                    foreach (var (field, message) in ChannelRequestRules.Errors(channels)) context.AddFailure(field, message);
                });
        });
    }

    private static bool NotContainControlCharacters(string? value) => value is null || !value.Any(char.IsControl);

    private const int MaxUrlLength = 2048;
}
