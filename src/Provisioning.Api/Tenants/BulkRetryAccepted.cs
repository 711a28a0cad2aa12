namespace Provisioning.Api.Tenants;

public sealed record BulkRetryAccepted(int Enqueued, IReadOnlyList<string> ClientIds);
