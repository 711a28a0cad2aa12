namespace Provisioning.Api.Tenants;

/// <summary>
/// A condition a transition needs besides the tenant's status, such as "has a store" for a recreate.
/// </summary>
/// <param name="Name">What must hold, as the state diagram says it.</param>
/// <param name="Holds">Whether it holds for the tenant now.</param>
/// <param name="Refusal">What the refusal says when it does not (after "Tenant 'x' is Ready; ").</param>
/// <param name="IsInvariant">
/// An invariant the sagas must never break (Ready only with an ACTIVE store, Deleted only once Twilio holds nothing):
/// breaking it is a bug, thrown as <see cref="InvalidOperationException"/>, not a 409 a caller may meet.
/// </param>
public sealed record TenantGuard(string Name, Func<Tenant, bool> Holds, string Refusal, bool IsInvariant = false);
