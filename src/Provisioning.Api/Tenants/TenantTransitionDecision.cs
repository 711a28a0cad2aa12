namespace Provisioning.Api.Tenants;

/// <summary>What <see cref="TenantTransitions"/> decides for one tenant and one operation: the row that applies, or why none does.</summary>
/// <param name="Transition">The row that applies; null when refused.</param>
/// <param name="Refusal">The whole refusal message (what the 409 or the console says); null when allowed.</param>
/// <param name="Rule">The rule the refusal names, for <see cref="TenantTransitionRefusedException"/>.</param>
/// <param name="BreaksInvariant">The refusal is an invariant of the aggregate, not a status rule (see <see cref="TenantGuard.IsInvariant"/>).</param>
public sealed record TenantTransitionDecision(TenantTransition? Transition, string? Refusal, string? Rule, bool BreaksInvariant)
{
    public bool IsAllowed => Transition is not null;
}
