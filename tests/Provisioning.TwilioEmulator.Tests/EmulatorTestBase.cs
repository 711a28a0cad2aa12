using Twilio.Clients;
using Twilio.Rest.Conversations.V2;
using SystemNetHttpClient = Twilio.Http.SystemNetHttpClient;
using ConversationsOperation = Twilio.Rest.Conversations.V2.OperationResource;
using MemoryOperation = Twilio.Rest.Memory.V1.OperationResource;
using StoreResource = Twilio.Rest.Memory.V1.StoreResource;

namespace Provisioning.TwilioEmulator.Tests;

/// <summary>
/// Base for emulator tests: resets the emulator before each test and builds official Twilio SDK clients whose
/// HTTP goes to the emulator through a host-rewriting handler (contract §5).
/// </summary>
public abstract class EmulatorTestBase(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    protected static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(5);

    protected EmulatorFixture Emulator { get; } = emulator;

    protected TwilioRestClient ParentClient => CreateClient(Emulator.ParentAccountSid, Emulator.ParentAuthToken);

    public Task InitializeAsync() => Emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>An unchanged SDK client; <paramref name="accountSid"/> is only needed with SK credentials for v2010 paths.</summary>
    protected TwilioRestClient CreateClient(string username, string password, string? accountSid = null, TimeSpan? timeout = null) =>
        new(username, password, accountSid, httpClient: new SystemNetHttpClient(Emulator.CreateTwilioHttpClient(timeout)));

    /// <summary>Raw HTTP with Basic auth, for what the SDK hides (token paging, headers, exact JSON).</summary>
    protected Task<HttpResponseMessage> SendRawAsync(
        HttpMethod method, string url, string username, string password, string? json = null, IDictionary<string, string>? headers = null) =>
        Emulator.SendTwilioRequestAsync(method, url, username, password, json, headers);

    protected Task<HttpResponseMessage> SendAsParentAsync(HttpMethod method, string url, string? json = null, IDictionary<string, string>? headers = null) =>
        SendRawAsync(method, url, Emulator.ParentAccountSid, Emulator.ParentAuthToken, json, headers);

    /// <summary>Fetches until <paramref name="isDone"/> holds, failing after <see cref="WaitLimit"/>.</summary>
    protected static async Task<T> PollUntilAsync<T>(Func<Task<T>> fetch, Func<T, bool> isDone, string what)
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        while (true)
        {
            var value = await fetch();
            if (isDone(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Gave up waiting for {what}");
            await Task.Delay(20);
        }
    }

    // Unrecognised statuses (e.g. RUNNING on Conversations) count as still in progress (contract §3 C7).
    private static bool IsTerminal(string status) => status is "COMPLETED" or "FAILED" or "CANCELLED";

    protected static Task<Twilio.Rest.Memory.V1.OperationFetchResource> WaitForMemoryOperationAsync(ITwilioRestClient client, string operationId) =>
        PollUntilAsync(() => MemoryOperation.FetchAsync(operationId, client), o => IsTerminal(o.Status.ToString()), $"operation {operationId}");

    protected static Task<Twilio.Rest.Conversations.V2.OperationFetchResource> WaitForConversationsOperationAsync(ITwilioRestClient client, string operationId) =>
        PollUntilAsync(() => ConversationsOperation.FetchAsync(operationId, client), o => IsTerminal(o.Status.ToString()), $"operation {operationId}");

    protected static Task WaitForActiveStoreAsync(ITwilioRestClient client, string storeId) =>
        PollUntilAsync(() => StoreResource.FetchAsync(storeId, client), s => s.Status == StoreResource.StatusEnum.Active, $"store {storeId} to be ACTIVE");

    /// <summary>M1 → M6 → M3 until ACTIVE, the provisioning sequence of contract §7. Returns the store id.</summary>
    protected static async Task<string> CreateActiveStoreAsync(ITwilioRestClient client, string displayName)
    {
        var created = await StoreResource.CreateAsync(new StoreResource.ServiceRequest.Builder().WithDisplayName(displayName).Build(), client);
        var operation = await WaitForMemoryOperationAsync(client, OperationIdFromStatusUrl(created.StatusUrl));
        Assert.Equal("COMPLETED", operation.Status.ToString());
        var storeId = operation.Result.Id;
        await WaitForActiveStoreAsync(client, storeId);
        return storeId;
    }

    /// <summary>
    /// Finds a configuration by display name in the account's list (C2), the way a client must when the create's
    /// answer carried no id (contract §10 L3). The emulator's list is a single page for these tests.
    /// </summary>
    protected static async Task<string> FindConfigurationIdAsync(ITwilioRestClient client, string displayName)
    {
        var listed = await PollUntilAsync(
            async () => (await ConfigurationResource.ReadAsync(new ReadConfigurationOptions { PageSize = 1000 }, client)).ToList(),
            configurations => configurations.Any(c => c.DisplayName == displayName),
            $"configuration {displayName} to be listed");
        return listed.Single(c => c.DisplayName == displayName).Id;
    }

    protected static string OperationIdFromStatusUrl(string statusUrl) =>
        statusUrl[(statusUrl.IndexOf("/ControlPlane/Operations/", StringComparison.Ordinal) + "/ControlPlane/Operations/".Length)..];
}
