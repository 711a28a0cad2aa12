using FluentValidation;

namespace Provisioning.Api.Tenants;

public sealed class AcceptResidualRequestValidator : AbstractValidator<AcceptResidualRequest>
{
    public AcceptResidualRequestValidator() =>
        RuleFor(r => r.Reason).RequiredReason();
}
