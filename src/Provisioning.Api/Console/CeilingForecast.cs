namespace Provisioning.Api.Console;

/// <summary>
/// When, at the recent signup rate, the pool runs out: every free slot of the accounts that take tenants, plus a
/// full account for every subaccount the ceiling still allows, used up by signups at the rate of the last 30
/// days. From then on signups wait Pending (docs/console.md).
/// </summary>
public sealed record CeilingForecast(int SlotsLeft, double SignupsPerDay, DateOnly? ReachedOn)
{
    public const int RateWindowDays = 30;

    public static CeilingForecast Estimate(int freeSlots, int subaccountsLeft, int tenantsPerAccount, int signupsInWindow, DateOnly today)
    {
        var slotsLeft = Math.Max(0, freeSlots) + Math.Max(0, subaccountsLeft) * Math.Max(0, tenantsPerAccount);
        var perDay = Math.Max(0, signupsInWindow) / (double)RateWindowDays;
        if (slotsLeft == 0) return new CeilingForecast(0, perDay, today);
        if (perDay == 0) return new CeilingForecast(slotsLeft, 0, null);
        var days = Math.Ceiling(slotsLeft / perDay);
        // Beyond DateOnly's range is "not in any useful future": no date.
        return new CeilingForecast(slotsLeft, perDay, days > 3_000_000 ? null : today.AddDays((int)days));
    }
}
