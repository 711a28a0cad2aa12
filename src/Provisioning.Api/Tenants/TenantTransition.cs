namespace Provisioning.Api.Tenants;

/// <summary>One row of <see cref="TenantTransitions"/>: an operation allowed from one status, where it leads, and on what conditions.</summary>
/// <param name="Operation">What is asked of the tenant.</param>
/// <param name="From">The status it is allowed from.</param>
/// <param name="To">The status it leads to (the same one for a change that keeps the status).</param>
/// <param name="Note">Why or when, for the state diagram (the guards' names are added to it).</param>
/// <param name="Guards">What must hold besides the status, checked in order; the first that does not is the refusal.</param>
public sealed record TenantTransition(TenantOperation Operation, TenantStatus From, TenantStatus To, string? Note, IReadOnlyList<TenantGuard> Guards)
{
    /// <summary>The transition's label in the state diagram: the operation, then why and what must hold.</summary>
    public string Label =>
        Note is null && Guards.Count == 0
            ? Operation.ToString()
            : $"{Operation} ({string.Join(", ", (Note is null ? [] : new[] { Note }).Concat(Guards.Select(g => g.Name)))})";
}
