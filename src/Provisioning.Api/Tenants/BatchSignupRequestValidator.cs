using FluentValidation;

namespace Provisioning.Api.Tenants;

/// <summary>The batch as a whole; each item is validated on its own, so one bad item is one 400 result, not a refused batch.</summary>
public sealed class BatchSignupRequestValidator : AbstractValidator<BatchSignupRequest>
{
    public BatchSignupRequestValidator() =>
        RuleFor(r => r.Tenants).NotEmpty().Must(t => t!.Count <= TenantBatchSignups.MaxItems)
            .WithMessage($"'tenants' holds 1 to {TenantBatchSignups.MaxItems} signup bodies.");
}
