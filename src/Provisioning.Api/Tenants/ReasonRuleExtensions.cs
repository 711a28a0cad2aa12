using FluentValidation;

namespace Provisioning.Api.Tenants;

/// <summary>The one rule for the <c>reason</c> an admin gives (it becomes an audit row or a log line).</summary>
public static class ReasonRuleExtensions
{
    public static IRuleBuilderOptions<T, string?> RequiredReason<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().Must(TenantRules.IsValidReason)
            .WithMessage($"'reason' is required: at most {TenantRules.ReasonMaxLength} characters, without control characters.");
}
