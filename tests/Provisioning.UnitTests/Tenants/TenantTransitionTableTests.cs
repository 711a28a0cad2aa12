using Provisioning.Api.Tenants;

namespace Provisioning.UnitTests.Tenants;

/// <summary>
/// Every operation × every tenant state, driven by <see cref="TenantTransitions"/>: each method does what the table
/// says (moves to the row's status, or is refused with the words <see cref="Tenant.Allows"/> gives), and nothing else.
/// </summary>
public sealed class TenantTransitionTableTests
{
    public static TheoryData<string, TenantOperation> EveryScenarioAndOperation()
    {
        var data = new TheoryData<string, TenantOperation>();
        foreach (var scenario in TenantScenarios.All.Keys)
        foreach (var operation in Enum.GetValues<TenantOperation>())
            data.Add(scenario, operation);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryScenarioAndOperation))]
    public void Each_method_is_allowed_exactly_when_the_table_says_so(string scenario, TenantOperation operation)
    {
        var tenant = TenantScenarios.All[scenario]();
        var from = tenant.Status;
        var row = TenantTransitions.Rows.FirstOrDefault(r => r.Operation == operation && r.From == from && r.Guards.All(g => g.Holds(tenant)));

        var allowed = tenant.Allows(operation, out var reason);

        Assert.Equal(row is not null, allowed);
        if (row is not null)
        {
            Assert.Null(reason);
            TenantOperationCalls.All[operation](tenant);
            Assert.Equal(row.To, tenant.Status);
            if (row.To != from) Assert.Equal((from, row.To), (tenant.LifecycleEvents[^1].Before!.Value, tenant.LifecycleEvents[^1].After));
            return;
        }

        Assert.NotNull(reason);
        if (TenantTransitions.SagaStarts.Contains(operation))
            TenantOperationCalls.All[operation](tenant); // nothing to do: no refusal, no change
        else
        {
            var refused = Assert.ThrowsAny<Exception>(() => TenantOperationCalls.All[operation](tenant));
            Assert.True(refused is TenantTransitionRefusedException or InvalidOperationException, refused.ToString());
            Assert.Equal(reason, refused.Message);
            if (!TenantTransitions.Rows.Any(r => r.Operation == operation && r.From == from))
                Assert.Equal(from, Assert.IsType<TenantTransitionRefusedException>(refused).Status);
        }
        Assert.Equal(from, tenant.Status);
        Assert.Empty(tenant.LifecycleEvents);
    }

    [Fact]
    public void Every_operation_has_a_rule_for_its_refusal_and_a_method()
    {
        foreach (var operation in Enum.GetValues<TenantOperation>())
        {
            Assert.True(TenantTransitions.StatusRules.ContainsKey(operation), operation.ToString());
            Assert.True(TenantOperationCalls.All.ContainsKey(operation), operation.ToString());
        }
    }

    [Fact]
    public void Every_row_is_reached_by_some_scenario()
    {
        var reached = TenantScenarios.All.Values.Select(build => build())
            .SelectMany(t => TenantTransitions.Rows.Where(r => r.From == t.Status && r.Guards.All(g => g.Holds(t))))
            .ToHashSet();

        Assert.DoesNotContain(TenantTransitions.Rows, r => !reached.Contains(r));
    }

    [Fact]
    public void A_status_reached_by_no_row_is_refused_with_the_operations_rule()
    {
        var tenant = TenantBuilder.InStatus(TenantStatus.Ready);

        Assert.False(tenant.Allows(TenantOperation.Retry, out var reason));
        Assert.Equal("Tenant 'acme' is Ready; only a Failed tenant can be retried.", reason);
    }

    [Theory]
    [InlineData(TenantStatus.Pending, true)]
    [InlineData(TenantStatus.Provisioning, true)]
    [InlineData(TenantStatus.Ready, true)]
    [InlineData(TenantStatus.Failed, false)]
    [InlineData(TenantStatus.PendingDeletion, false)]
    [InlineData(TenantStatus.Deprovisioning, false)]
    public void A_repeated_signup_is_answered_while_the_tenant_is_live(TenantStatus status, bool answered)
    {
        var tenant = TenantBuilder.InStatus(status);

        var refusal = Record.Exception(() => RepeatedSignup.Accept(tenant, "Acme", OrchestratorSettings.Default, callbackUrl: null, TenantIsolation.Pooled));

        if (answered) Assert.Null(refusal);
        else Assert.Equal(status, Assert.IsType<TenantTransitionRefusedException>(refusal).Status);
        Assert.Equal(status, tenant.Status);
    }
}
