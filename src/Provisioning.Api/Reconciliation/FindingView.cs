
namespace Provisioning.Api.Reconciliation;

public sealed record FindingView(
    Guid Id, FindingKind Kind, string AccountSid, string? StoreId, string? ConfigurationId, string? ClientId, string Detail,
    DateTimeOffset DetectedAt, string Action);
