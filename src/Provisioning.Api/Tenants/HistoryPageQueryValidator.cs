using FluentValidation;

namespace Provisioning.Api.Tenants;

public sealed class HistoryPageQueryValidator : AbstractValidator<HistoryPageQuery>
{
    public HistoryPageQueryValidator()
    {
        RuleFor(q => q.Limit)
            .Must(l => l is null || int.TryParse(l, out var n) && n is >= 1 and <= HistoryPageQuery.MaxLimit)
            .WithMessage($"'limit' must be a whole number from 1 to {HistoryPageQuery.MaxLimit}.");
        RuleFor(q => q.Cursor)
            .Must(c => c is null || KeysetCursor.TryDecode(c, out _))
            .WithMessage("'cursor' is not a cursor this API returned.");
    }
}
