using FluentValidation;

namespace Provisioning.Api.Tenants;

public sealed class CreateTenantRequestValidator : AbstractValidator<CreateTenantRequest>
{
    public CreateTenantRequestValidator()
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
            .Must(u => u is null || BeAbsoluteHttpUrl(u))
            .WithMessage("'callbackUrl' must be an absolute http or https URL.");

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
                    callback.RuleFor(c => c!.Url)
                        .NotEmpty()
                        .Must(BeAbsoluteHttpUrl).WithMessage("'url' must be an absolute http or https URL.");
                    callback.RuleFor(c => c!.Method)
                        .Must(m => m is null || m.ToUpperInvariant() is "POST" or "GET")
                        .WithMessage("'method' must be POST or GET.");
                })
                .OverridePropertyName("orchestrator.statusCallbacks");
        });
    }

    private static bool NotContainControlCharacters(string? value) => value is null || !value.Any(char.IsControl);

    private static bool BeAbsoluteHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && value!.Length <= 2048;
}
