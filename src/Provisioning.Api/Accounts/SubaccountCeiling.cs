
namespace Provisioning.Api.Accounts;

/// <summary><see cref="Warning"/> is true at or past the warning share of the ceiling (AccountPool:CeilingWarningRatio).</summary>
public sealed record SubaccountCeiling(int Count, int Ceiling, int Remaining, bool Warning);
