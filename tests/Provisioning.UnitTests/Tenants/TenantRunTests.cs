using Provisioning.Api.Tenants;

namespace Provisioning.UnitTests.Tenants;

/// <summary>What a tenant's run state says (the API's and the console's <c>run.state</c>), and what commands record of it.</summary>
public sealed class TenantRunTests
{
    private static readonly DateTimeOffset Now = TenantBuilder.Now;

    public static TheoryData<TenantRun, TenantRunState> States => new()
    {
        { new TenantRun(null, null, null, 0), TenantRunState.Idle },
        { new TenantRun(Now.AddMinutes(5), null, null, 0), TenantRunState.Scheduled },
        { new TenantRun(Now, null, null, 0), TenantRunState.Due },
        { new TenantRun(Now.AddSeconds(-59), null, null, 1), TenantRunState.Due },
        { new TenantRun(Now.AddMinutes(-2), null, null, 1), TenantRunState.Overdue },
        // Held by a live lease: running, however long it has been due.
        { new TenantRun(Now.AddMinutes(-2), "host/1/a", Now.AddSeconds(10), 1), TenantRunState.Running },
        // Held by a lease that ran out (its process died): as if nobody held it.
        { new TenantRun(Now.AddMinutes(-2), "host/1/a", Now.AddSeconds(-1), 1), TenantRunState.Overdue },
        { new TenantRun(Now.AddSeconds(-5), "host/1/a", Now.AddSeconds(-1), 1), TenantRunState.Due },
        { new TenantRun(null, "host/1/a (reconciliation)", Now.AddSeconds(10), 0), TenantRunState.Running },
        { new TenantRun(null, "host/1/a", Now.AddSeconds(-10), 0), TenantRunState.Idle },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void The_state_says_why_a_tenant_is_or_is_not_running(TenantRun run, TenantRunState expected) =>
        Assert.Equal(expected, run.StateAt(Now));

    [Fact]
    public void A_signup_is_due_at_once() =>
        Assert.Equal(TenantRunState.Due, TenantBuilder.New().Run.StateAt(TenantBuilder.Now));

    [Fact]
    public void A_run_asked_for_now_is_written_anew_even_when_one_was_due_earlier()
    {
        // The earlier due time may be the one a run in flight claimed: only a new value tells it to leave the tenant due.
        var tenant = TenantBuilder.New();
        var signedUpDue = tenant.RunDueAt;
        tenant.Runs.Request(Now.AddSeconds(3));
        Assert.Equal(Now.AddSeconds(3), tenant.RunDueAt);
        Assert.NotEqual(signedUpDue, tenant.RunDueAt);
    }

    [Fact]
    public void An_offboarding_is_due_no_later_than_its_grace_period_end_and_an_immediate_one_at_once()
    {
        var later = TenantBuilder.InStatus(TenantStatus.Ready);
        later.RequestDeletion(immediate: false, TenantBuilder.GracePeriod, "churned", Now);
        later.Runs.Request(Now.AddSeconds(1));
        Assert.True(later.RunDueAt <= Now + TenantBuilder.GracePeriod);

        var now = TenantBuilder.InStatus(TenantStatus.Ready);
        now.RequestDeletion(immediate: true, TenantBuilder.GracePeriod, "churned", Now.AddSeconds(1));
        now.Runs.Request(Now.AddSeconds(1));
        Assert.Equal(Now.AddSeconds(1), now.RunDueAt);
    }

    [Fact]
    public void A_bulk_turn_is_written_even_over_an_earlier_due_time_a_run_in_flight_may_have_claimed()
    {
        var tenant = TenantBuilder.New();
        tenant.Runs.RequestAt(Now.AddSeconds(2));
        Assert.Equal(Now.AddSeconds(2), tenant.RunDueAt);
    }

    [Fact]
    public void Only_the_holder_renews_a_lease()
    {
        var tenant = TenantBuilder.New();
        tenant.Runs.ExtendLease("host/1/a", Now, TimeSpan.FromSeconds(30));
        Assert.Null(tenant.RunHeldUntil);
    }
}
