using FluentValidation;

namespace Provisioning.Api.Tenants;

/// <summary>Body of <c>POST /v1/tenants/{clientId}/reprovision</c>.</summary>
public sealed record ReprovisionRequest(string? Mode, string? Reason, bool? DeleteOldStore)
{
    public ReprovisionMode ParsedMode => Mode?.ToLowerInvariant() switch
    {
        "repair" => ReprovisionMode.Repair,
        "recreate" => ReprovisionMode.Recreate,
        _ => ReprovisionMode.None,
    };
}

public sealed class ReprovisionRequestValidator : AbstractValidator<ReprovisionRequest>
{
    public ReprovisionRequestValidator()
    {
        RuleFor(r => r.Mode).Must(m => m is "repair" or "recreate").WithMessage("'mode' must be \"repair\" or \"recreate\".");
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(1000);
        RuleFor(r => r.DeleteOldStore).Null().When(r => r.Mode == "repair").WithMessage("'deleteOldStore' applies to mode \"recreate\" only.");
    }
}

/// <summary>Body of <c>POST /v1/tenants:retry</c>: which Failed tenants to retry.</summary>
public sealed record BulkRetryRequest(string? AccountSid, string? Reason, int? Limit);

public sealed class BulkRetryRequestValidator : AbstractValidator<BulkRetryRequest>
{
    public const int MaxLimit = 10_000;

    public BulkRetryRequestValidator()
    {
        RuleFor(r => r.AccountSid).Matches("^AC[0-9a-fA-F]{32}$").When(r => r.AccountSid is not null);
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(1000);
        RuleFor(r => r.Limit).InclusiveBetween(1, MaxLimit);
    }
}

/// <summary>Optional body of <c>DELETE /v1/tenants/{clientId}</c> and <c>cancel-deletion</c>.</summary>
public sealed record ReasonRequest(string? Reason);
