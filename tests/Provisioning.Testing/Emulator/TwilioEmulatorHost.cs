using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.TwilioEmulator;
using Provisioning.TwilioEmulator.Admin;
using Provisioning.TwilioEmulator.Faults;
using Xunit;

namespace Provisioning.Testing.Emulator;

/// <summary>
/// Runs the Twilio emulator in-process on a real Kestrel socket (<c>http://127.0.0.1:{random port}</c>) and
/// offers a typed client for its <c>/_emulator</c> admin API. Usable as an xunit fixture
/// (<see cref="IAsyncLifetime"/>) or on its own (<see cref="StartAsync"/> + <c>await using</c>).
/// </summary>
public class TwilioEmulatorHost : IAsyncLifetime, IAsyncDisposable
{
    private static readonly JsonSerializerOptions AdminJson = ApiJson.CamelCase;

    private readonly Action<EmulatorOptions>? _configure;
    private WebApplication? _app;
    private HttpClient? _admin;

    public TwilioEmulatorHost()
        : this(null)
    {
    }

    /// <param name="configure">Start-up settings; <see cref="ResetAsync"/> returns to exactly these.</param>
    public TwilioEmulatorHost(Action<EmulatorOptions>? configure) => _configure = configure;

    /// <summary>e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    public Uri BaseUri => new(BaseUrl);

    public string ParentAccountSid { get; private set; } = "";

    public string ParentAuthToken { get; private set; } = "";

    /// <summary>The top-level accounts besides the first (<see cref="EmulatorOptions.AdditionalParents"/>), as started.</summary>
    public IReadOnlyList<EmulatorParentAccount> AdditionalParents { get; private set; } = [];

    /// <summary>Direct access to the emulator's services (state, settings) for white-box assertions.</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The emulator is not started.");

    private HttpClient Admin => _admin ?? throw new InvalidOperationException("The emulator is not started.");

    public static async Task<TwilioEmulatorHost> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var host = new TwilioEmulatorHost(configure);
        await host.InitializeAsync();
        return host;
    }

    public async Task InitializeAsync()
    {
        _app = EmulatorApp.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"], _configure);
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().TrimEnd('/');
        var settings = _app.Services.GetRequiredService<EmulatorSettings>().Current;
        ParentAccountSid = settings.AccountSid;
        ParentAuthToken = settings.AuthToken;
        AdditionalParents = settings.AdditionalParents;
        _admin = new HttpClient { BaseAddress = new Uri(BaseUrl + "/_emulator/") };
    }

    /// <summary>
    /// A plain <see cref="HttpClient"/> whose requests to any Twilio host land on the emulator. Wrap it in
    /// <c>Twilio.Http.SystemNetHttpClient</c> to point the official SDK at the emulator.
    /// </summary>
    public HttpClient CreateTwilioHttpClient(TimeSpan? timeout = null) =>
        new(new EmulatorRedirectHandler(BaseUri)) { Timeout = timeout ?? TimeSpan.FromSeconds(30) };

    /// <summary>
    /// One raw Twilio API call with Basic auth (JSON body when given), for what the SDK hides or lacks: token paging,
    /// headers, exact JSON, and the Memory data plane. <paramref name="url"/> may name any Twilio host.
    /// </summary>
    public async Task<HttpResponseMessage> SendTwilioRequestAsync(
        HttpMethod method, string url, string username, string password, string? json = null, IDictionary<string, string>? headers = null)
    {
        using var client = CreateTwilioHttpClient();
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return await client.SendAsync(request);
    }

    public async Task<EmulatorStateSnapshot> GetStateAsync() =>
        (await Admin.GetFromJsonAsync<EmulatorStateSnapshot>("state", AdminJson))!;

    /// <summary>Logged Twilio API requests with a sequence number above <paramref name="since"/>.</summary>
    public async Task<IReadOnlyList<LoggedRequest>> GetRequestsAsync(long since = 0) =>
        (await Admin.GetFromJsonAsync<List<LoggedRequest>>($"requests?since={since}", AdminJson))!;

    /// <summary>Logged requests whose path starts with <paramref name="pathPrefix"/> (case-insensitive), oldest first.</summary>
    public async Task<IReadOnlyList<LoggedRequest>> GetRequestsUnderAsync(string pathPrefix, long since = 0) =>
        (await Admin.GetFromJsonAsync<List<LoggedRequest>>($"requests?since={since}&pathPrefix={Uri.EscapeDataString(pathPrefix)}", AdminJson))!;

    /// <summary>
    /// Every logged request that reached the data plane of <paramref name="storeId"/> (<c>/v1/Stores/{storeId}/…</c>),
    /// with the account that made it: proof of which store a tenant's request went to.
    /// </summary>
    public Task<IReadOnlyList<LoggedRequest>> GetDataPlaneRequestsAsync(string storeId, long since = 0) =>
        GetRequestsUnderAsync($"/v1/Stores/{storeId}/", since);

    /// <summary>The sequence number of the newest logged request (0 when the log is empty), to read only what follows.</summary>
    public async Task<long> GetLastRequestSequenceAsync() => (await GetRequestsAsync()).Select(r => r.Sequence).DefaultIfEmpty(0).Max();

    public Task ClearRequestsAsync() => SendAsync(HttpMethod.Delete, "requests");

    /// <summary>Back to the parent account only, start-up settings, no faults, empty request log.</summary>
    public Task ResetAsync() => SendAsync(HttpMethod.Post, "reset");

    public async Task<EmulatorOptions> GetSettingsAsync() =>
        (await Admin.GetFromJsonAsync<EmulatorOptions>("settings", AdminJson))!;

    /// <summary>Merges the given properties (e.g. <c>new { StoreCap = 2 }</c>) into the live settings.</summary>
    public async Task<EmulatorOptions> UpdateSettingsAsync(object changes) =>
        (await SendAsync<EmulatorOptions>(HttpMethod.Put, "settings", changes))!;

    /// <summary>Reads the live settings, applies <paramref name="change"/> and writes them back.</summary>
    public async Task<EmulatorOptions> UpdateSettingsAsync(Action<EmulatorOptions> change)
    {
        var settings = await GetSettingsAsync();
        change(settings);
        return await UpdateSettingsAsync((object)settings);
    }

    public async Task<ScriptedFault> AddFaultAsync(ScriptedFault fault) =>
        (await SendAsync<List<ScriptedFault>>(HttpMethod.Post, "faults", new[] { fault }))![0];

    public async Task<IReadOnlyList<ScriptedFault>> GetFaultsAsync() =>
        (await Admin.GetFromJsonAsync<List<ScriptedFault>>("faults", AdminJson))!;

    public Task ClearFaultsAsync() => SendAsync(HttpMethod.Delete, "faults");

    /// <summary>A store that appears instantly ACTIVE in <paramref name="accountSid"/>, bypassing cap and name rules.</summary>
    public async Task<StoreSnapshot> CreateStoreOutOfBandAsync(string accountSid, string displayName, string? description = null) =>
        (await SendAsync<StoreSnapshot>(HttpMethod.Post, $"accounts/{accountSid}/stores", new OutOfBandStoreRequest(displayName, description)))!;

    public async Task<StoreSnapshot> ChangeStoreOutOfBandAsync(string storeId, OutOfBandStoreChange change) =>
        (await SendAsync<StoreSnapshot>(HttpMethod.Patch, $"stores/{storeId}", change))!;

    public Task DeleteStoreOutOfBandAsync(string storeId) => SendAsync(HttpMethod.Delete, $"stores/{storeId}");

    /// <summary>The profiles of a store's data plane with traits, identifiers and memories (including ones not yet readable).</summary>
    public async Task<IReadOnlyList<ProfileSnapshot>> GetProfilesAsync(string storeId) =>
        (await Admin.GetFromJsonAsync<List<ProfileSnapshot>>($"stores/{storeId}/profiles", AdminJson))!;

    /// <summary>
    /// Plants a configuration in <paramref name="accountSid"/> as someone else would have made it (channel settings,
    /// callbacks, intelligence ids, bridge, extraction strategies). Visible at once; ignores the configuration cap.
    /// </summary>
    public async Task<ConfigurationSnapshot> PlantConfigurationAsync(string accountSid, OutOfBandConfigurationRequest request) =>
        (await SendAsync<ConfigurationSnapshot>(HttpMethod.Post, $"accounts/{accountSid}/configurations", request))!;

    /// <summary>The same as <see cref="PlantConfigurationAsync"/>, under the name existing tests use.</summary>
    public Task<ConfigurationSnapshot> CreateConfigurationOutOfBandAsync(string accountSid, OutOfBandConfigurationRequest request) =>
        PlantConfigurationAsync(accountSid, request);

    /// <summary>Changes a configuration behind the client's back; null fields stay, empty ones are removed.</summary>
    public async Task<ConfigurationSnapshot> ChangeConfigurationOutOfBandAsync(string configurationId, OutOfBandConfigurationChange change) =>
        (await SendAsync<ConfigurationSnapshot>(HttpMethod.Patch, $"configurations/{configurationId}", change))!;

    /// <summary>The configuration as the emulator holds it (from <c>GET /_emulator/state</c>), or null when it does not exist.</summary>
    public async Task<ConfigurationSnapshot?> FindConfigurationAsync(string configurationId) =>
        (await GetStateAsync()).Configurations.SingleOrDefault(c => c.Id == configurationId);

    public Task DeleteConfigurationOutOfBandAsync(string configurationId) => SendAsync(HttpMethod.Delete, $"configurations/{configurationId}");

    /// <summary>Makes an ended operation answer as it does a week after it ended (404, code 520052 on Memory).</summary>
    public Task ExpireOperationAsync(string operationId) => SendAsync(HttpMethod.Post, $"operations/{operationId}/expire");

    /// <summary>Expires every operation that has ended, as if Twilio's 7-day retention had passed.</summary>
    public Task ExpireEndedOperationsAsync() => SendAsync(HttpMethod.Post, "operations/expire");

    public async Task<AccountSnapshot> ChangeAccountOutOfBandAsync(string accountSid, OutOfBandAccountChange change) =>
        (await SendAsync<AccountSnapshot>(HttpMethod.Patch, $"accounts/{accountSid}", change))!;

    public async ValueTask DisposeAsync()
    {
        _admin?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }

        GC.SuppressFinalize(this);
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private async Task SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var response = await SendRawAsync(method, path, body);
    }

    private async Task<T?> SendAsync<T>(HttpMethod method, string path, object body)
    {
        using var response = await SendRawAsync(method, path, body);
        return await response.Content.ReadFromJsonAsync<T>(AdminJson);
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: AdminJson);
        var response = await Admin.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync();
            response.Dispose();
            throw new InvalidOperationException($"Emulator admin {method} {path} failed with {(int)response.StatusCode}: {text}");
        }

        return response;
    }
}
