using System.Net;
using Twilio.Clients;
using System.Text.Json.Nodes;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010;
using Twilio.Rest.Api.V2010.Account;
using StoreResource = Twilio.Rest.Memory.V1.StoreResource;
using SystemNetHttpClient = Twilio.Http.SystemNetHttpClient;

namespace Provisioning.TwilioEmulator.Tests;

public sealed class AccountTests(EmulatorFixture emulator) : EmulatorTestBase(emulator)
{
    [Fact]
    public async Task Subaccount_can_be_created_found_by_friendly_name_fetched_and_suspended()
    {
        var parent = ParentClient;
        await AccountResource.CreateAsync(friendlyName: "tenant-other", client: parent);
        var created = await AccountResource.CreateAsync(friendlyName: "tenant-42", client: parent);

        Assert.Matches("^AC[0-9a-f]{32}$", created.Sid);
        Assert.Matches("^[0-9a-f]{32}$", created.AuthToken);
        Assert.Equal(Emulator.ParentAccountSid, created.OwnerAccountSid);
        Assert.Equal(AccountResource.StatusEnum.Active, created.Status);
        Assert.NotNull(created.DateCreated);

        var found = (await AccountResource.ReadAsync(friendlyName: "tenant-42", client: parent)).ToList();
        Assert.Equal(created.Sid, Assert.Single(found).Sid);

        var fetched = await AccountResource.FetchAsync(created.Sid, client: parent);
        Assert.Equal("tenant-42", fetched.FriendlyName);

        var suspended = await AccountResource.UpdateAsync(created.Sid, status: AccountResource.StatusEnum.Suspended, client: parent);
        Assert.Equal(AccountResource.StatusEnum.Suspended, suspended.Status);
        var bySuspendedStatus = (await AccountResource.ReadAsync(status: AccountResource.StatusEnum.Suspended, client: parent)).ToList();
        Assert.Equal(created.Sid, Assert.Single(bySuspendedStatus).Sid);

        // A suspended account's own credentials stop working.
        var error = await Assert.ThrowsAsync<ApiException>(() => AccountResource.FetchAsync(created.Sid, client: CreateClient(created.Sid, created.AuthToken)));
        Assert.Equal(401, error.Status);
    }

    [Fact]
    public async Task Closed_account_cannot_be_reopened()
    {
        var sub = await AccountResource.CreateAsync(friendlyName: "closing", client: ParentClient);
        await AccountResource.UpdateAsync(sub.Sid, status: AccountResource.StatusEnum.Closed, client: ParentClient);

        var error = await Assert.ThrowsAsync<ApiException>(() =>
            AccountResource.UpdateAsync(sub.Sid, status: AccountResource.StatusEnum.Active, client: ParentClient));
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public async Task Account_list_follows_next_page_uri_across_pages()
    {
        for (var i = 0; i < 4; i++) await AccountResource.CreateAsync(friendlyName: $"sub-{i}", client: ParentClient);

        var all = (await AccountResource.ReadAsync(pageSize: 2, client: ParentClient)).ToList();

        Assert.Equal(5, all.Count);
        Assert.Equal(5, all.Select(a => a.Sid).Distinct().Count());
        var listRequests = (await Emulator.GetRequestsAsync()).Where(r => r.Method == "GET" && r.Path == "/2010-04-01/Accounts.json").ToList();
        Assert.Equal(3, listRequests.Count);
        Assert.Contains("PageToken=PA", listRequests[1].Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_key_created_in_subaccount_acts_on_that_subaccount()
    {
        var sub = await AccountResource.CreateAsync(friendlyName: "tenant-key", client: ParentClient);

        var key = await NewKeyResource.CreateAsync(sub.Sid, friendlyName: "provisioning", client: ParentClient);

        Assert.Matches("^SK[0-9a-f]{32}$", key.Sid);
        Assert.False(string.IsNullOrEmpty(key.Secret));

        // The secret is never shown again.
        using var fetchResponse = await SendAsParentAsync(HttpMethod.Get, $"https://api.twilio.com/2010-04-01/Accounts/{sub.Sid}/Keys/{key.Sid}.json");
        var fetchedJson = JsonNode.Parse(await fetchResponse.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("provisioning", (string?)fetchedJson["friendly_name"]);
        Assert.False(fetchedJson.ContainsKey("secret"));

        // Memory calls with the key act on the subaccount.
        var keyClient = CreateClient(key.Sid, key.Secret, accountSid: sub.Sid);
        await StoreResource.CreateAsync(new StoreResource.ServiceRequest.Builder().WithDisplayName("client-key").Build(), keyClient);
        var state = await Emulator.GetStateAsync();
        Assert.Equal(sub.Sid, Assert.Single(state.Stores).AccountSid);
        Assert.DoesNotContain(state.ApiKeys, k => k.Sid != key.Sid);

        // v2010 paths built from accountSid work with the key too.
        Assert.Equal(sub.Sid, (await AccountResource.FetchAsync(sub.Sid, client: keyClient)).Sid);
        var lastRequest = (await Emulator.GetRequestsAsync()).Last();
        Assert.Equal(key.Sid, lastRequest.CredentialSid);
        Assert.Equal(sub.Sid, lastRequest.AccountSid);

        Assert.True(await KeyResource.DeleteAsync(key.Sid, sub.Sid, client: ParentClient));
        var error = await Assert.ThrowsAsync<ApiException>(() => AccountResource.FetchAsync(sub.Sid, client: keyClient));
        Assert.Equal(401, error.Status);
    }

    [Fact]
    public async Task Subaccount_cannot_create_subaccounts_or_reach_its_parent()
    {
        var sub = await AccountResource.CreateAsync(friendlyName: "tenant-1", client: ParentClient);
        var subClient = CreateClient(sub.Sid, sub.AuthToken);

        var createError = await Assert.ThrowsAsync<ApiException>(() => AccountResource.CreateAsync(friendlyName: "nested", client: subClient));
        Assert.Equal(403, createError.Status);

        var fetchError = await Assert.ThrowsAsync<ApiException>(() => AccountResource.FetchAsync(Emulator.ParentAccountSid, client: subClient));
        Assert.Equal(403, fetchError.Status);

        // A subaccount lists only itself.
        Assert.Equal(sub.Sid, Assert.Single(await AccountResource.ReadAsync(client: subClient)).Sid);
    }

    [Fact]
    public async Task Bad_credentials_get_401_with_code_20003_on_every_api()
    {
        var client = CreateClient(Emulator.ParentAccountSid, "wrong-token");

        var v2010 = await Assert.ThrowsAsync<ApiException>(() => AccountResource.FetchAsync(Emulator.ParentAccountSid, client: client));
        var memory = await Assert.ThrowsAsync<ApiException>(() => StoreResource.FetchAsync("mem_store_00000000000000000000000000", client));

        Assert.Equal((401, 20003), (v2010.Status, v2010.Code));
        Assert.Equal((401, 20003), (memory.Status, memory.Code));
        Assert.Equal("https://www.twilio.com/docs/errors/20003", memory.MoreInfo);
        var logged = await Emulator.GetRequestsAsync();
        Assert.All(logged, r => Assert.Equal(401, r.Status));
        Assert.All(logged, r => Assert.Null(r.AccountSid));
    }

    [Fact]
    public async Task Account_create_with_a_json_body_is_refused_because_v2010_takes_form_bodies()
    {
        using var response = await SendAsParentAsync(HttpMethod.Post, "https://api.twilio.com/2010-04-01/Accounts.json", """{"FriendlyName":"tenant-json"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((400, 400), ((int)body["status"]!, (int)body["code"]!));
        Assert.Contains("form-encoded", (string)body["message"]!, StringComparison.Ordinal);
        Assert.NotNull(body["more_info"]);
        Assert.Single((await Emulator.GetStateAsync()).Accounts);

        // The SDK's form body, with or without fields, still works.
        await AccountResource.CreateAsync(client: ParentClient);
        Assert.Equal(2, (await Emulator.GetStateAsync()).Accounts.Count);
    }

    [Fact]
    public async Task Unknown_paths_get_a_classic_404()
    {
        foreach (var url in new[] { $"https://api.twilio.com/2010-04-01/Accounts/{Emulator.ParentAccountSid}/Messages.json", "https://memory.twilio.com/v1/Nothing" })
        {
            using var response = await SendAsParentAsync(HttpMethod.Get, url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(20404, (int)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]!);
        }
    }

    [Fact]
    public async Task Each_parent_sees_and_acts_on_its_own_subaccounts_only()
    {
        var second = new EmulatorParentAccount { AccountSid = "AC" + new string('b', 32), AuthToken = new string('c', 32), FriendlyName = "second parent" };
        await using var emulator = await Testing.Emulator.TwilioEmulatorHost.StartAsync(o => o.AdditionalParents.Add(second));
        TwilioRestClient Client(string sid, string token) => new(sid, token, httpClient: new SystemNetHttpClient(emulator.CreateTwilioHttpClient()));
        var first = Client(emulator.ParentAccountSid, emulator.ParentAuthToken);
        var other = Client(second.AccountSid, second.AuthToken);

        var mine = await AccountResource.CreateAsync(friendlyName: "pool-0001", client: first);
        var theirs = await AccountResource.CreateAsync(friendlyName: "pool-0001", client: other);

        Assert.Equal((emulator.ParentAccountSid, second.AccountSid), (mine.OwnerAccountSid, theirs.OwnerAccountSid));
        // A2 lists the caller and its own subaccounts: the same name under the other parent is not there.
        Assert.Equal([emulator.ParentAccountSid, mine.Sid], (await AccountResource.ReadAsync(client: first)).Select(a => a.Sid));
        Assert.Equal(theirs.Sid, Assert.Single(await AccountResource.ReadAsync(friendlyName: "pool-0001", client: other)).Sid);
        // Nor can one parent fetch, rekey or close the other's subaccount (or the other parent).
        foreach (var action in new Func<Task>[]
                 {
                     () => AccountResource.FetchAsync(theirs.Sid, client: first),
                     () => NewKeyResource.CreateAsync(theirs.Sid, friendlyName: "provisioning", client: first),
                     () => AccountResource.UpdateAsync(theirs.Sid, status: AccountResource.StatusEnum.Closed, client: first),
                     () => AccountResource.FetchAsync(second.AccountSid, client: first),
                 })
            Assert.Equal(403, (await Assert.ThrowsAsync<ApiException>(action)).Status);
        Assert.Equal(AccountResource.StatusEnum.Active, (await AccountResource.FetchAsync(theirs.Sid, client: other)).Status);
        Assert.Equal(4, (await emulator.GetStateAsync()).Accounts.Count);
    }
}
