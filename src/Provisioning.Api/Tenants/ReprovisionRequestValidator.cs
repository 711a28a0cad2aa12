using FluentValidation;

namespace Provisioning.Api.Tenants;

public sealed class ReprovisionRequestValidator : AbstractValidator<ReprovisionRequest>
{
    public ReprovisionRequestValidator()
    {
        RuleFor(r => r.Mode).Must(m => m is "repair" or "recreate").WithMessage("'mode' must be \"repair\" or \"recreate\".");
        RuleFor(r => r.Reason).RequiredReason();
        RuleFor(r => r.DeleteOldStore).Null().When(r => r.Mode == "repair").WithMessage("'deleteOldStore' applies to mode \"recreate\" only.");
    }
}
