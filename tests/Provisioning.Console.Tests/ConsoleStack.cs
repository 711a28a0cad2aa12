using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using Provisioning.Testing.Emulator;
using Provisioning.Testing.Postgres;
using Provisioning.Testing.Service;

namespace Provisioning.Console.Tests;

/// <summary>
/// What the browser talks to: the service as its own process (<c>dotnet Provisioning.Api.dll</c>, Production, on a
/// real loopback port: a browser needs a socket), a fresh PostgreSQL database, and the Twilio emulator.
/// </summary>
public sealed class ConsoleStack : IAsyncLifetime
{
    public const string AdminKey = "console-test-admin-key";
    public const string AdminName = "console-admin";
    public const string ControlPlaneKey = "console-test-control-plane-key";
    public const string ControlPlaneName = "console-control-plane";

    private ServiceProcess? _service;

    public TwilioEmulatorHost Emulator { get; } = new(emulator =>
    {
        emulator.OperationDelayMs = 100;
        emulator.StoreActivationDelayMs = 200;
        emulator.ConfigurationOperationDelayMs = 100;
        emulator.EventualConsistencyWindowMs = 300;
        emulator.RetryAfterSeconds = 0;
    });

    public string ConnectionString { get; private set; } = "";

    public string BaseUrl => _service?.BaseUrl ?? throw new InvalidOperationException("The service is not started.");

    /// <summary>The JSON API with the Admin key: how tests arrange tenants and check what the console did.</summary>
    public HttpClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Emulator.InitializeAsync();
        ConnectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        _service = await ServiceProcess.StartAsync(new Dictionary<string, string?>(TestServiceSettings.For(Emulator, ConnectionString))
        {
            ["Provisioning:MaxAttempts"] = "3",
            ["Jobs:WorkerCount"] = "5",
            ["Auth:ApiKeys:0:Name"] = AdminName,
            ["Auth:ApiKeys:0:Role"] = "Admin",
            ["Auth:ApiKeys:0:Sha256"] = Sha256Hex(AdminKey),
            ["Auth:ApiKeys:1:Name"] = ControlPlaneName,
            ["Auth:ApiKeys:1:Role"] = "ControlPlane",
            ["Auth:ApiKeys:1:Sha256"] = Sha256Hex(ControlPlaneKey),
            ["Logging:LogLevel:Default"] = "Warning",
            // The browser reaches the service over plain http on a loopback port, as the local run does.
            ["Console:SecureCookies"] = "false",
        });
        Api = _service.CreateClient(AdminKey);
    }

    /// <summary>Signs a tenant up through the API and waits until it reaches <paramref name="status"/>.</summary>
    public async Task<JsonElement> SignUpAsync(string clientId, string status = "Ready", object? settings = null)
    {
        using var response = await Api.PostAsJsonAsync("/v1/tenants", settings ?? new { clientId });
        response.EnsureSuccessStatusCode();
        return await WaitForStatusAsync(clientId, status);
    }

    /// <summary>A tenant that is Failed: Twilio refuses (403) its configuration once, which no retry gets past without an admin.</summary>
    public async Task<JsonElement> SignUpFailedAsync(string clientId)
    {
        await Emulator.AddFaultAsync(new Provisioning.TwilioEmulator.Faults.ScriptedFault
        {
            Method = "POST", PathPrefix = "/v2/ControlPlane/Configurations", Status = 403, Times = 1,
        });
        return await SignUpAsync(clientId, "Failed");
    }

    public async Task<JsonElement> GetTenantAsync(string clientId) => await Api.GetFromJsonAsync<JsonElement>($"/v1/tenants/{clientId}");

    public async Task<JsonElement> WaitForStatusAsync(string clientId, string status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await GetTenantAsync(clientId);
            if (last.GetProperty("status").GetString() == status) return last;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Tenant {clientId} did not reach {status}; last seen {last}");
    }

    /// <summary>The tenant's audit trail as the API shows it.</summary>
    public async Task<IReadOnlyList<JsonElement>> EventsAsync(string clientId) =>
        (await Api.GetFromJsonAsync<JsonElement>($"/v1/tenants/{clientId}/events?limit=200")).GetProperty("items").EnumerateArray().ToList();

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        if (_service is not null) await _service.DisposeAsync();
        await Emulator.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
    }

    public static string Sha256Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
