using FluentValidation;
using Microsoft.Extensions.Options;

namespace Provisioning.Api.Gateway;

public sealed class AccessTokenRequestValidator : AbstractValidator<AccessTokenRequest>
{
    public AccessTokenRequestValidator(IOptions<GatewayOptions> options)
    {
        var maxSeconds = (int)options.Value.MaxTokenLifetime.TotalSeconds;
        RuleFor(r => r.Scopes).NotEmpty().WithMessage($"'scopes' is required: one or both of {string.Join(", ", MemoryScopes.All)}.");
        RuleForEach(r => r.Scopes).Must(s => s is not null && MemoryScopes.All.Contains(s))
            .WithMessage($"Each scope is one of {string.Join(", ", MemoryScopes.All)}.");
        RuleFor(r => r.TtlSeconds).InclusiveBetween(60, maxSeconds).When(r => r.TtlSeconds is not null)
            .WithMessage($"'ttlSeconds' is between 60 and {maxSeconds} (Gateway:MaxTokenLifetime).");
    }
}
