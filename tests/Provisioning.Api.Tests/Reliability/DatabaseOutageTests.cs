using System.Net;
using System.Net.Http.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.Testing.Postgres;
using Provisioning.TwilioEmulator;

namespace Provisioning.Api.Tests.Reliability;

/// <summary>PostgreSQL goes away for 10 s in the middle of provisioning, then comes back; the service runs at its defaults.</summary>
public sealed class DatabaseOutageTests(DatabaseOutageTests.OwnDatabaseStack stack) : IClassFixture<DatabaseOutageTests.OwnDatabaseStack>
{
    public sealed class OwnDatabaseStack : ProvisioningStack
    {
        public PostgresServer Server { get; private set; } = null!;

        protected override async Task<PostgresServer> GetPostgresAsync() => Server = await PostgresServer.StartLocalClusterAsync();

        protected override void ConfigureEmulator(EmulatorOptions emulator)
        {
            base.ConfigureEmulator(emulator);
            // Slow enough that the outage lands in the middle of every saga.
            emulator.OperationDelayMs = 1500;
            emulator.StoreActivationDelayMs = 1500;
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await Server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Signups_during_an_outage_get_503_and_every_recorded_tenant_ends_Ready()
    {
        var clientIds = Enumerable.Range(1, 10).Select(i => $"outage-{i:D2}").ToList();
        foreach (var id in clientIds)
            Assert.Equal(HttpStatusCode.Accepted, (await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = id })).StatusCode);
        await Task.Delay(700); // sagas are now waiting on Twilio operations

        await stack.Server.StopAsync();
        var outageEnds = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        try
        {
            using var signup = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "outage-late" });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, signup.StatusCode);
            Assert.Equal("application/problem+json", signup.Content.Headers.ContentType?.MediaType);
            using var ready = await stack.ControlPlane.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            using var live = await stack.ControlPlane.GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            var remaining = outageEnds - DateTime.UtcNow;
            if (remaining > TimeSpan.Zero) await Task.Delay(remaining);
            await stack.Server.StartAgainAsync();
        }

        // Nothing to do by hand, and no timer shortened: at the shipped settings every tenant is Ready within 60 s of
        // the database's return, none Failed for the outage.
        var databaseBack = DateTime.UtcNow;
        var tenants = new List<TenantView>();
        foreach (var id in clientIds)
        {
            var left = databaseBack + TimeSpan.FromSeconds(60) - DateTime.UtcNow;
            tenants.Add(await stack.WaitForStatusAsync(id, TenantStatus.Ready, left > TimeSpan.Zero ? left : TimeSpan.Zero));
        }
        using (var ready = await stack.ControlPlane.GetAsync("/health/ready"))
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        var state = await stack.Emulator.GetStateAsync();
        foreach (var tenant in tenants)
            Assert.Equal(tenant.MemoryStoreId, Assert.Single(state.Stores, s => s.DisplayName == tenant.MemoryStoreName).Id);
        using var missing = await stack.ControlPlane.GetAsync("/v1/tenants/outage-late");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode); // refused, so not half-recorded either
    }
}
