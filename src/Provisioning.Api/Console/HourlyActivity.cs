namespace Provisioning.Api.Console;

/// <summary>One hour of the overview's chart: signups, tenants that became Ready, and how long signup→Ready took for those.</summary>
public sealed record HourlyActivity(DateTimeOffset Hour, int Signups, int Ready, double? P50Seconds, double? P99Seconds);
