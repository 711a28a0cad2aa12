
namespace Provisioning.Api.Accounts;

/// <summary>No account has a free slot and no subaccount may be added: signups wait for capacity.</summary>
public sealed class PoolExhaustedException(string message) : Exception(message);
