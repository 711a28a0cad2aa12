using System.Net;
using System.Text.Json.Nodes;
using Provisioning.Testing.Emulator;
using Provisioning.TwilioEmulator.Admin;
using Twilio.Clients;
using Twilio.Rest.Api.V2010;
using Twilio.Rest.Api.V2010.Account;
using SystemNetHttpClient = Twilio.Http.SystemNetHttpClient;
using StoreResource = Twilio.Rest.Memory.V1.StoreResource;

namespace Provisioning.TwilioEmulator.Tests;

/// <summary>Emulators of their own, started and stopped on one state file (<c>Emulator__StateFile</c>).</summary>
public sealed class StateFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "emulator-state-" + Guid.NewGuid().ToString("N"));

    // In a folder that does not exist yet: the emulator creates it.
    private string StatePath => Path.Combine(_directory, "nested", "state.json");

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_restart_on_the_same_file_brings_back_accounts_credentials_stores_configurations_and_profiles()
    {
        EmulatorStateSnapshot before;
        AccountResource subaccount;
        NewKeyResource key;
        string storeId, profileId;
        await using (var first = await StartAsync())
        {
            var parent = Client(first, first.ParentAccountSid, first.ParentAuthToken);
            subaccount = await AccountResource.CreateAsync(friendlyName: "tenant-1", client: parent);
            key = await NewKeyResource.CreateAsync(subaccount.Sid, friendlyName: "tenant-1-key", client: parent);
            await StoreResource.CreateAsync(new StoreResource.ServiceRequest.Builder().WithDisplayName("client-queued").Build(), Client(first, key.Sid, key.Secret));
            storeId = (await first.CreateStoreOutOfBandAsync(subaccount.Sid, "client-tenant-1")).Id;
            await first.PlantConfigurationAsync(subaccount.Sid, new OutOfBandConfigurationRequest("client-tenant-1", storeId));
            using var created = await first.SendTwilioRequestAsync(HttpMethod.Post, ProfilesUrl(storeId), key.Sid, key.Secret,
                """{"traits":{"Contact":{"email":"alyssa@example.com","firstName":"Alyssa"}}}""");
            profileId = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;
            using var observed = await first.SendTwilioRequestAsync(HttpMethod.Post, $"{ProfilesUrl(storeId)}/{profileId}/Observations", key.Sid, key.Secret,
                """{"observations":[{"content":"Prefers SMS","source":"api","occurredAt":"2025-01-15T10:00:00Z"}]}""");
            Assert.Equal(HttpStatusCode.Accepted, observed.StatusCode);
            before = await first.GetStateAsync();
        }

        Assert.True(File.Exists(StatePath));
        Assert.False(File.Exists(StatePath + ".tmp"));

        await using var second = await StartAsync();
        var after = await second.GetStateAsync();
        Assert.Equal(before.Accounts, after.Accounts);
        Assert.Equal(before.ApiKeys, after.ApiKeys);
        Assert.Equal(before.Stores.Select(s => (s.Id, s.AccountSid, s.DisplayName, s.CreatedAt)), after.Stores.Select(s => (s.Id, s.AccountSid, s.DisplayName, s.CreatedAt)));
        Assert.Equal(before.Configurations.Select(c => (c.Id, c.MemoryStoreId)), after.Configurations.Select(c => (c.Id, c.MemoryStoreId)));
        Assert.Equal(before.Operations.Select(o => o.Id), after.Operations.Select(o => o.Id));

        // The subaccount's auth token and its key's secret still authenticate, and the data plane kept the profile.
        Assert.Equal("tenant-1", (await AccountResource.FetchAsync(subaccount.Sid, client: Client(second, subaccount.Sid, subaccount.AuthToken))).FriendlyName);
        using var fetched = await second.SendTwilioRequestAsync(HttpMethod.Get, $"{ProfilesUrl(storeId)}/{profileId}", key.Sid, key.Secret);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal("Alyssa", (string?)JsonNode.Parse(await fetched.Content.ReadAsStringAsync())!["traits"]!["Contact"]!["firstName"]);
        var profile = Assert.Single(await second.GetProfilesAsync(storeId));
        Assert.Equal(["Prefers SMS"], profile.Observations.Select(o => (string)o.Memory["content"]!));
        Assert.Equal(["alyssa@example.com"], profile.Identifiers["email"]);

        // Creation order carries on from where the first run stopped: the new store lists first (newest first).
        var newer = await second.CreateStoreOutOfBandAsync(subaccount.Sid, "client-tenant-2");
        using var listed = await second.SendTwilioRequestAsync(HttpMethod.Get, "https://memory.twilio.com/v1/ControlPlane/Stores", key.Sid, key.Secret);
        Assert.Equal(newer.Id, (string?)JsonNode.Parse(await listed.Content.ReadAsStringAsync())!["stores"]![0]);
    }

    [Fact]
    public async Task A_restart_brings_back_each_stores_trait_groups_and_identity_settings()
    {
        string storeId;
        await using (var first = await StartAsync(options => options.OperationDelayMs = 0))
        {
            storeId = (await first.CreateStoreOutOfBandAsync(first.ParentAccountSid, "client-schema")).Id;
            using var group = await first.SendTwilioRequestAsync(HttpMethod.Post, $"{ControlPlaneUrl(storeId)}/TraitGroups", first.ParentAccountSid, first.ParentAuthToken,
                """{"displayName":"Account","traits":{"tier":{"dataType":"STRING"}}}""");
            Assert.Equal(HttpStatusCode.Accepted, group.StatusCode);
            using var settings = await first.SendTwilioRequestAsync(HttpMethod.Put, $"{ControlPlaneUrl(storeId)}/IdentityResolutionSettings", first.ParentAccountSid, first.ParentAuthToken,
                """{"identifierConfigs":[{"idType":"email","normalization":"email"}],"matchingRules":["email"]}""", new Dictionary<string, string> { ["If-Match"] = "\"1\"" });
            Assert.Equal(HttpStatusCode.Accepted, settings.StatusCode);
        }

        await using var second = await StartAsync();
        using var fetched = await second.SendTwilioRequestAsync(HttpMethod.Get, $"{ControlPlaneUrl(storeId)}/TraitGroups/Account", second.ParentAccountSid, second.ParentAuthToken);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal("STRING", (string?)JsonNode.Parse(await fetched.Content.ReadAsStringAsync())!["traitGroup"]!["traits"]!["tier"]!["dataType"]);
        using var resolution = await second.SendTwilioRequestAsync(HttpMethod.Get, $"{ControlPlaneUrl(storeId)}/IdentityResolutionSettings", second.ParentAccountSid, second.ParentAuthToken);
        Assert.Equal(["email"], JsonNode.Parse(await resolution.Content.ReadAsStringAsync())!["matchingRules"]!.AsArray().Select(r => (string)r!));
    }

    [Fact]
    public async Task Changes_reach_the_file_while_the_emulator_runs_admin_resets_included()
    {
        await using var host = await StartAsync();
        var storeId = (await host.CreateStoreOutOfBandAsync(host.ParentAccountSid, "client-live")).Id;
        using var created = await host.SendTwilioRequestAsync(HttpMethod.Post, ProfilesUrl(storeId), host.ParentAccountSid, host.ParentAuthToken,
            """{"traits":{"Contact":{"phone":"+13175551234"}}}""");
        var profileId = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;

        await WaitForFileAsync(content => content.Contains(profileId, StringComparison.Ordinal), "the profile to be written");

        await host.ResetAsync();

        await WaitForFileAsync(content => !content.Contains(storeId, StringComparison.Ordinal), "the reset to be written");
    }

    [Fact]
    public async Task A_file_written_for_other_parent_credentials_is_refused_at_start()
    {
        await using (var host = await StartAsync())
        {
            await host.CreateStoreOutOfBandAsync(host.ParentAccountSid, "client-kept");
        }

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(options => options.AuthToken = "00000000000000000000000000000000"));
        Assert.Contains(StatePath, refused.Message);

        // The refused start left the file alone.
        await using var again = await StartAsync();
        Assert.Equal("client-kept", Assert.Single((await again.GetStateAsync()).Stores).DisplayName);
    }

    private Task<TwilioEmulatorHost> StartAsync(Action<EmulatorOptions>? change = null) => TwilioEmulatorHost.StartAsync(options =>
    {
        options.OperationDelayMs = 100;
        options.StoreActivationDelayMs = 100;
        options.DataPlaneConsistencyWindowMs = 0;
        options.StateFile = StatePath;
        change?.Invoke(options);
    });

    private async Task WaitForFileAsync(Func<string, bool> isDone, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!(File.Exists(StatePath) && isDone(await File.ReadAllTextAsync(StatePath))))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Gave up waiting for {what}");
            await Task.Delay(20);
        }
    }

    private static string ProfilesUrl(string storeId) => $"https://memory.twilio.com/v1/Stores/{storeId}/Profiles";

    private static string ControlPlaneUrl(string storeId) => $"https://memory.twilio.com/v1/ControlPlane/Stores/{storeId}";

    private static TwilioRestClient Client(TwilioEmulatorHost host, string username, string password) =>
        new(username, password, httpClient: new SystemNetHttpClient(host.CreateTwilioHttpClient()));
}
