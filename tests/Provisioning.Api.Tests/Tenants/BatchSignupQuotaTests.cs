using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Tenants;

/// <summary>A batch larger than a chunk, against the deployment's tenant quota: written a chunk at a time, the items past the quota refused.</summary>
public sealed class BatchSignupQuotaTests(BatchSignupQuotaTests.QuotaStack stack) : IClassFixture<BatchSignupQuotaTests.QuotaStack>
{
    public sealed class QuotaStack() : ProvisioningStack(
        ("Twilio:MaxSubaccounts", "0"), ("AccountPool:CapacityRetryInterval", "00:10:00"), ("Provisioning:MaxTenants", "150"));

    [Fact]
    public async Task A_large_batch_is_written_a_chunk_at_a_time_up_to_the_quota()
    {
        var items = Enumerable.Range(0, 160).Select(i => (object)new { clientId = $"bulk-{i:D3}" }).ToArray();

        var response = await stack.BatchAsync(items);

        var statuses = BatchSignups.Statuses(response);
        Assert.Equal(Enumerable.Repeat(202, 150).Concat(Enumerable.Repeat(409, 10)), statuses);
        Assert.Equal(150, await stack.CountAsync("SELECT count(*) FROM tenants WHERE status <> 'Deleted'"));
    }
}
