using FluentValidation;

namespace Provisioning.Api.Tenants;

public sealed class BulkRetryRequestValidator : AbstractValidator<BulkRetryRequest>
{
    public const int MaxLimit = 10_000;

    public BulkRetryRequestValidator()
    {
        RuleFor(r => r.AccountSid).Matches(@"^AC[0-9a-fA-F]{32}\z").When(r => r.AccountSid is not null);
        RuleFor(r => r.Reason).RequiredReason();
        RuleFor(r => r.Limit).InclusiveBetween(1, MaxLimit);
    }
}
