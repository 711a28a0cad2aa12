using FluentValidation;

namespace Provisioning.Api.Tenants;

public sealed class ListTenantsQueryValidator : AbstractValidator<ListTenantsQuery>
{
    public ListTenantsQueryValidator()
    {
        RuleFor(q => q.Status)
            .Must(s => s is null || ListTenantsQuery.TryParseStatus(s, out _))
            .WithMessage($"'status' must be one of {string.Join(", ", Enum.GetNames<TenantStatus>())}.");
        RuleFor(q => q.Run)
            .Must(r => r is null || ListTenantsQuery.TryParseRun(r, out _))
            .WithMessage($"'run' must be one of {string.Join(", ", ListTenantsQuery.FilterableRunStates.Select(s => s.ToString().ToLowerInvariant()))}.");
        RuleFor(q => q.Limit)
            .Must(l => l is null || int.TryParse(l, out var n) && n is >= 1 and <= ListTenantsQuery.MaxLimit)
            .WithMessage($"'limit' must be a whole number from 1 to {ListTenantsQuery.MaxLimit}.");
        RuleFor(q => q.Cursor)
            .Must(c => c is null || KeysetCursor.TryDecode(c, out _))
            .WithMessage("'cursor' is not a cursor this API returned.");
    }
}
