using Provisioning.Api.Tenants;

namespace Provisioning.UnitTests.Tenants;

public sealed class ListTenantsQueryTests
{
    [Fact]
    public void Cursor_round_trips_the_last_id()
    {
        var id = Guid.CreateVersion7();

        Assert.True(KeysetCursor.TryDecode(KeysetCursor.Encode(id), out var decoded));
        Assert.Equal(id, decoded);
    }

    [Theory]
    [InlineData("not a cursor")]
    [InlineData("AAAA")]
    [InlineData("' or 1=1 --")]
    public void Foreign_cursors_are_rejected(string cursor) =>
        Assert.False(KeysetCursor.TryDecode(cursor, out _));

    [Theory]
    [InlineData("Ready", null, true)]
    [InlineData("ready", "10", true)]
    [InlineData("Bogus", null, false)]
    [InlineData("1", null, false)]
    [InlineData("Provisioning,Ready", null, false)] // Enum.TryParse would combine the two into a third status
    [InlineData("Ready, Failed", null, false)]
    [InlineData(null, "0", false)]
    [InlineData(null, "201", false)]
    [InlineData(null, "ten", false)]
    public void Validates_status_and_limit(string? status, string? limit, bool valid) =>
        Assert.Equal(valid, new ListTenantsQueryValidator().Validate(new ListTenantsQuery(status, limit, null, null)).IsValid);

    [Fact]
    public void A_list_of_statuses_filters_by_nothing_rather_than_by_a_combined_status() =>
        Assert.Null(new ListTenantsQuery("Provisioning,Ready", null, null, null).ParsedStatus);

    [Theory]
    [InlineData("overdue", true)]
    [InlineData("Running", true)]
    [InlineData("idle", false)]
    [InlineData("late", false)]
    [InlineData("", false)]
    public void Validates_the_run_filter(string run, bool valid) =>
        Assert.Equal(valid, new ListTenantsQueryValidator().Validate(new ListTenantsQuery(null, null, null, run)).IsValid);
}
