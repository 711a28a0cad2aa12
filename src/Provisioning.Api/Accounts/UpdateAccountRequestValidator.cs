using FluentValidation;

namespace Provisioning.Api.Accounts;

public sealed class UpdateAccountRequestValidator : AbstractValidator<UpdateAccountRequest>
{
    public UpdateAccountRequestValidator()
    {
        RuleFor(r => r.StoreCapacity).InclusiveBetween(0, 1000);
        RuleFor(r => r.ConfigurationCapacity).InclusiveBetween(0, 1000);
        RuleFor(r => r).Must(r => r.StoreCapacity is not null || r.ConfigurationCapacity is not null || r.AcceptsTenants is not null)
            .WithName("$").WithMessage("Give storeCapacity, configurationCapacity, acceptsTenants, or several.");
    }
}
