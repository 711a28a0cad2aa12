using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.TwilioEmulator.Admin;
using Twilio.Rest.Api.V2010;
using Twilio.Rest.Api.V2010.Account;
using StoreResource = Twilio.Rest.Memory.V1.StoreResource;

namespace Provisioning.TwilioEmulator.Tests;

public sealed class DataPlaneIsolationTests(EmulatorFixture emulator) : DataPlaneTestBase(emulator)
{
    [Fact]
    public async Task Only_the_account_that_owns_a_store_reaches_its_data_plane_and_the_log_shows_who_asked()
    {
        var tenantB = await AccountResource.CreateAsync(friendlyName: "tenant-b", client: ParentClient);
        var keyB = await NewKeyResource.CreateAsync(tenantB.Sid, friendlyName: "tenant-b-key", client: ParentClient);
        var storeA = await CreateStoreAsync("tenant-a");
        var storeB = await CreateStoreAsync("tenant-b", tenantB.Sid);
        var profileA = await CreateProfileAsync(storeA, """{"Contact":{"phone":"+13175551234"}}""");
        var profileB = await CreateProfileAsync(storeB, """{"Contact":{"phone":"+13175551234"}}""", keyB.Sid, keyB.Secret);
        var since = await Emulator.GetLastRequestSequenceAsync();

        // Tenant B's credentials (auth token or API key) on tenant A's store: 404 for every route, as for a store that does not exist.
        foreach (var (user, password) in new[] { (tenantB.Sid, tenantB.AuthToken), (keyB.Sid, keyB.Secret) })
        {
            AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Get, ProfilesUrl(storeA), username: user, password: password));
            AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Get, ProfileUrl(storeA, profileA), username: user, password: password));
            AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Post, ProfilesUrl(storeA),
                """{"traits":{"Contact":{"phone":"+13175550000"}}}""", user, password));
            AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Post, ProfilesUrl(storeA) + "/Lookup",
                """{"idType":"phone","value":"+13175551234"}""", user, password));
            AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Post, ProfileUrl(storeA, profileA) + "/Recall", "{}", user, password));
        }

        // The parent's own credentials reach neither the subaccount's store nor its profile through another store.
        AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Get, ProfilesUrl(storeB)));
        AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Get, ProfileUrl(storeB, profileB)));
        AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Get, ProfileUrl(storeA, profileB)));
        AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Get, ProfilesUrl("mem_store_00000000000000000000000000")));
        Assert.Single((await Emulator.GetProfilesAsync(storeA)));

        var reachedA = await Emulator.GetDataPlaneRequestsAsync(storeA, since);
        Assert.Equal(11, reachedA.Count);
        Assert.Equal(10, reachedA.Count(r => r.AccountSid == tenantB.Sid && r.Status == 404));
        Assert.Equal(5, reachedA.Count(r => r.CredentialSid == keyB.Sid));
        Assert.Equal(("GET", Emulator.ParentAccountSid), (reachedA[^1].Method, reachedA[^1].AccountSid));
        var reachedB = await Emulator.GetDataPlaneRequestsAsync(storeB, since);
        Assert.Equal(2, reachedB.Count);
        Assert.All(reachedB, r => Assert.Equal((Emulator.ParentAccountSid, 404), (r.AccountSid, r.Status)));
        Assert.Equal(reachedA.Count + reachedB.Count + 1, (await Emulator.GetRequestsUnderAsync("/V1/STORES/", since)).Count);
    }

    [Fact]
    public async Task A_store_has_no_data_plane_before_it_is_active_and_none_once_its_delete_is_accepted()
    {
        // Long enough for the first data-plane call to land while the store is still QUEUED.
        await Emulator.UpdateSettingsAsync(new { OperationDelayMs = 2000 });
        await StoreResource.CreateAsync(new StoreResource.ServiceRequest.Builder().WithDisplayName("client-new").Build(), ParentClient);
        var storeId = Assert.Single((await Emulator.GetStateAsync()).Stores).Id;

        // A store that exists but is not ACTIVE "cannot serve requests": 520042 (§12 P3).
        AssertNotActive(await CallAsync(HttpMethod.Get, ProfilesUrl(storeId)), "QUEUED");
        await WaitForActiveStoreAsync(ParentClient, storeId);
        var profileId = await CreateProfileAsync(storeId, """{"Contact":{"email":"keep@example.com"}}""");

        // A pinned FAILED status closes the data plane too, without losing the data.
        await Emulator.ChangeStoreOutOfBandAsync(storeId, new OutOfBandStoreChange(Status: "FAILED"));
        AssertNotActive(await CallAsync(HttpMethod.Get, ProfileUrl(storeId, profileId)), "FAILED");
        await Emulator.ChangeStoreOutOfBandAsync(storeId, new OutOfBandStoreChange(Status: "ACTIVE"));
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(HttpMethod.Get, ProfileUrl(storeId, profileId))).Status);

        await StoreResource.DeleteAsync(storeId, ParentClient);

        AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Get, ProfileUrl(storeId, profileId)));
        AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Post, ProfilesUrl(storeId), """{"traits":{"Contact":{"email":"keep@example.com"}}}"""));
        Assert.Empty(await Emulator.GetProfilesAsync(storeId));
        var state = Emulator.Services.GetRequiredService<EmulatorState>();
        lock (state.Sync) Assert.DoesNotContain(state.Profiles.Values, p => p.StoreId == storeId);
    }

    private static void AssertNotActive((HttpStatusCode Status, System.Text.Json.Nodes.JsonObject Body) reply, string status)
    {
        Assert.Equal(HttpStatusCode.Conflict, reply.Status);
        Assert.Equal(520042, (int)reply.Body["code"]!);
        Assert.Contains(status, (string?)reply.Body["message"]);
    }
}
