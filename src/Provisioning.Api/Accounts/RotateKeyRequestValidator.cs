using FluentValidation;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Accounts;

public sealed class RotateKeyRequestValidator : AbstractValidator<RotateKeyRequest>
{
    public RotateKeyRequestValidator() =>
        RuleFor(r => r.Reason).RequiredReason();
}
