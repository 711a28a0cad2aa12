using Provisioning.Api.Console;

namespace Provisioning.UnitTests.Console;

public sealed class CeilingForecastTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    [Fact]
    public void Free_slots_and_the_subaccounts_still_allowed_are_used_up_at_the_last_30_days_rate()
    {
        // 5 free + 2 subaccounts × 10 = 25 slots; 150 signups in 30 days = 5 a day: 5 days.
        var forecast = CeilingForecast.Estimate(freeSlots: 5, subaccountsLeft: 2, tenantsPerAccount: 10, signupsInWindow: 150, Today);

        Assert.Equal(25, forecast.SlotsLeft);
        Assert.Equal(5, forecast.SignupsPerDay);
        Assert.Equal(new DateOnly(2026, 12, 6), forecast.ReachedOn);
    }

    [Fact]
    public void A_part_of_a_day_counts_as_the_day_the_last_slot_goes()
    {
        var forecast = CeilingForecast.Estimate(freeSlots: 11, subaccountsLeft: 0, tenantsPerAccount: 10, signupsInWindow: 300, Today);

        Assert.Equal(new DateOnly(2026, 12, 3), forecast.ReachedOn); // 11 slots at 10 a day: gone during the second day
    }

    [Fact]
    public void Without_signups_the_ceiling_is_not_reached_and_with_no_slot_left_it_is_reached_today()
    {
        Assert.Null(CeilingForecast.Estimate(5, 10, 10, signupsInWindow: 0, Today).ReachedOn);
        Assert.Equal(Today, CeilingForecast.Estimate(0, 0, 10, signupsInWindow: 0, Today).ReachedOn);
        Assert.Null(CeilingForecast.Estimate(int.MaxValue / 20, 1000, 10, signupsInWindow: 1, Today).ReachedOn); // beyond any calendar
    }
}
