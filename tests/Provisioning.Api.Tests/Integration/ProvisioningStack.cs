using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Provisioning.Api.Tenants;
using Provisioning.Testing.Emulator;
using Provisioning.Testing.Postgres;
using Provisioning.Testing.Service;
using Provisioning.TwilioEmulator;

namespace Provisioning.Api.Tests.Integration;

/// <summary>
/// The real service (Hangfire server included) on a fresh PostgreSQL database, talking real HTTP to the Twilio
/// emulator on a loopback port. More hosts can join the same database and emulator, as more service
/// processes would. Subclasses change the emulator's or the service's settings.
/// </summary>
public class ProvisioningStack : IAsyncLifetime
{
    public const string AdminKey = "test-admin-key";
    public const string ControlPlaneKey = "test-control-plane-key";

    private readonly List<ProvisioningHost> _hosts = [];

    private readonly (string Key, string? Value)[] _settingOverrides;

    public ProvisioningStack() : this([])
    {
    }

    /// <param name="settings">Service settings ("Section:Key") that this stack sets differently.</param>
    protected ProvisioningStack(params (string Key, string? Value)[] settings)
    {
        _settingOverrides = settings;
        Emulator = new TwilioEmulatorHost(ConfigureEmulator);
    }

    public TwilioEmulatorHost Emulator { get; }
    public string ConnectionString { get; private set; } = "";

    /// <summary>The first host; the others (<see cref="AddHostAsync"/>) share its database.</summary>
    public ProvisioningHost Host => _hosts[0];

    public IReadOnlyList<ProvisioningHost> AddedHosts => _hosts.Skip(1).ToList();

    public HttpClient Admin { get; private set; } = null!;
    public HttpClient ControlPlane { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        await Emulator.InitializeAsync();
        await CreateDatabaseAsync();
        await AddHostAsync();
        Admin = CreateClient(AdminKey);
        ControlPlane = CreateClient(ControlPlaneKey);
    }

    protected async Task CreateDatabaseAsync() => ConnectionString = await (await GetPostgresAsync()).CreateDatabaseAsync();

    /// <summary>The PostgreSQL server to create the stack's database on (shared by default).</summary>
    protected virtual Task<PostgresServer> GetPostgresAsync() => PostgresServer.GetAsync();

    protected virtual void ConfigureEmulator(EmulatorOptions emulator)
    {
        emulator.OperationDelayMs = 100;
        emulator.StoreActivationDelayMs = 200;
        emulator.ConfigurationOperationDelayMs = 100;
        emulator.EventualConsistencyWindowMs = 300;
        emulator.RetryAfterSeconds = 0;
    }

    /// <summary>Service settings, as a deployment would give them.</summary>
    protected virtual Dictionary<string, string?> ServiceSettings()
    {
        var settings = DefaultServiceSettings();
        foreach (var (key, value) in _settingOverrides) settings[key] = value;
        return settings;
    }

    private Dictionary<string, string?> DefaultServiceSettings() => new(TestServiceSettings.For(Emulator, ConnectionString))
    {
        ["Provisioning:MaxAttempts"] = "4",
        ["Jobs:WorkerCount"] = "10",
        ["AccountPool:CapacityRetryInterval"] = "00:00:00.500",
        // Tests sign up hundreds of tenants a minute through one key; RateLimitTests sets a small limit of its own.
        ["RateLimits:SignupsPerMinute"] = "100000",
        ["RateLimits:BulkOperationsPerMinute"] = "1000",
        ["Auth:ApiKeys:0:Name"] = "test-admin",
        ["Auth:ApiKeys:0:Role"] = "Admin",
        ["Auth:ApiKeys:0:Sha256"] = Sha256Hex(AdminKey),
        ["Auth:ApiKeys:1:Name"] = "test-control-plane",
        ["Auth:ApiKeys:1:Role"] = "ControlPlane",
        ["Auth:ApiKeys:1:Sha256"] = Sha256Hex(ControlPlaneKey),
    };

    /// <summary>Replaces services of every host of the stack (test seams, such as the webhooks' DNS lookup); none by default.</summary>
    protected virtual void ReplaceServices(IServiceCollection services)
    {
    }

    /// <summary>Starts one more service host (API and Hangfire server) on the same database and emulator.</summary>
    public Task<ProvisioningHost> AddHostAsync()
    {
        var host = new ProvisioningHost(ServiceSettings(), ReplaceServices);
        _hosts.Add(host);
        host.StartServer();
        return Task.FromResult(host);
    }

    public HttpClient CreateClient(string? apiKey) => Host.CreateClient(apiKey);

    /// <summary>Everything every host logged so far.</summary>
    public IReadOnlyList<string> Logs => _hosts.SelectMany(h => h.Logs).ToList();

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
        var logs = string.Join('\n', Logs.Where(l => l.Contains("warn", StringComparison.OrdinalIgnoreCase) || l.Contains("fail", StringComparison.OrdinalIgnoreCase)).TakeLast(20));
        throw new TimeoutException($"Tenant {clientId} did not reach {status}; last seen {last}\n--- last warnings ---\n{logs}");
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
        await Emulator.DisposeAsync();
        // Hangfire opens its connections through Npgsql's global pools, which outlive the host: close the idle
        // ones so that one stack after another does not run the shared server out of connections.
        NpgsqlConnection.ClearAllPools();
    }

    public static string Sha256Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
