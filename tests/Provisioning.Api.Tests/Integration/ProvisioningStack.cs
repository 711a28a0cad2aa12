using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Provisioning.Api.Tenants;
using Provisioning.Testing.Emulator;
using Provisioning.Testing.Postgres;

namespace Provisioning.Api.Tests.Integration;

[CollectionDefinition(Name)]
public sealed class ProvisioningStackCollection : ICollectionFixture<ProvisioningStack>
{
    public const string Name = "Provisioning stack";
}

/// <summary>
/// The real service host (Hangfire server included) on a fresh PostgreSQL database, talking real HTTP to the
/// Twilio emulator on a loopback port. One stack serves the whole collection; tests use distinct clientIds.
/// </summary>
public sealed class ProvisioningStack : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminKey = "test-admin-key";
    public const string ControlPlaneKey = "test-control-plane-key";

    public TwilioEmulatorHost Emulator { get; } = new(emulator =>
    {
        emulator.OperationDelayMs = 100;
        emulator.StoreActivationDelayMs = 200;
        emulator.ConfigurationOperationDelayMs = 100;
        emulator.EventualConsistencyWindowMs = 300;
        emulator.RetryAfterSeconds = 0;
    });
    public string ConnectionString { get; private set; } = "";

    public HttpClient Admin { get; private set; } = null!;
    public HttpClient ControlPlane { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Emulator.InitializeAsync();
        ConnectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        Admin = CreateClient(AdminKey);
        ControlPlane = CreateClient(ControlPlaneKey);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Provisioning", ConnectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Twilio:AccountSid", Emulator.ParentAccountSid);
        builder.UseSetting("Twilio:AuthToken", Emulator.ParentAuthToken);
        builder.UseSetting("Twilio:ApiBaseUrl", Emulator.BaseUrl);
        builder.UseSetting("Twilio:MemoryBaseUrl", Emulator.BaseUrl);
        builder.UseSetting("Twilio:ConversationsBaseUrl", Emulator.BaseUrl);
        builder.UseSetting("Twilio:ConsistencyWindow", "00:00:00.500");
        builder.UseSetting("Twilio:RequestTimeout", "00:00:02");
        builder.UseSetting("Provisioning:RetryBaseDelay", "00:00:00.200");
        builder.UseSetting("Provisioning:RetryMaxDelay", "00:00:01");
        builder.UseSetting("Provisioning:PollInterval", "00:00:00.050");
        builder.UseSetting("Provisioning:StepTimeout", "00:00:10");
        builder.UseSetting("Provisioning:MaxAttempts", "4");
        builder.UseSetting("Auth:ApiKeys:0:Name", "test-admin");
        builder.UseSetting("Auth:ApiKeys:0:Role", "Admin");
        builder.UseSetting("Auth:ApiKeys:0:Sha256", Sha256Hex(AdminKey));
        builder.UseSetting("Auth:ApiKeys:1:Name", "test-control-plane");
        builder.UseSetting("Auth:ApiKeys:1:Role", "ControlPlane");
        builder.UseSetting("Auth:ApiKeys:1:Sha256", Sha256Hex(ControlPlaneKey));
    }

    public HttpClient CreateClient(string? apiKey)
    {
        var client = CreateClient();
        if (apiKey is not null) client.DefaultRequestHeaders.TryAddWithoutValidation("X-Api-Key", apiKey);
        return client;
    }

    /// <summary>Polls the public API until the tenant reaches <paramref name="status"/> (or fails the test).</summary>
    public async Task<TenantView> WaitForStatusAsync(string clientId, TenantStatus status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        TenantView? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await ControlPlane.GetFromJsonAsync<TenantView>($"/v1/tenants/{clientId}");
            if (last?.Status == status.ToString()) return last;
            await Task.Delay(50);
        }
        throw new TimeoutException($"Tenant {clientId} did not reach {status}; last seen {last}");
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Emulator.DisposeAsync();
    }

    private static string Sha256Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

/// <summary>The tenant as a client reads it off the wire.</summary>
public sealed record TenantView(
    string ClientId,
    string Status,
    string AccountSid,
    string? MemoryStoreId,
    string MemoryStoreName,
    string? OrchestratorConfigurationId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ReadyAt,
    string? LastError);
