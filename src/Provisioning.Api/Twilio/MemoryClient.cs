using System.Net;

namespace Provisioning.Api.Twilio;

/// <summary>Memory v1 control plane (contract §2): stores and their operations.</summary>
public sealed class MemoryClient(HttpClient http) : TwilioHttpClient(http)
{
    /// <summary>M1. The 202 carries no store id; it arrives in the operation's result.</summary>
    public async Task<AcceptedOperation> CreateStoreAsync(TwilioCredentials credentials, string displayName,
        string? description, CancellationToken cancellationToken)
    {
        var request = JsonRequest(HttpMethod.Post, "v1/ControlPlane/Stores", new CreateStoreBody(displayName, description));
        var response = await SendAsync<AcceptedBody>(request, credentials, CamelCase, cancellationToken);
        return ToAcceptedOperation(response, response.Body.StatusUrl);
    }

    /// <summary>M2. One page of store ids; pass <see cref="StoreIdPage.NextToken"/> for the next.</summary>
    public async Task<StoreIdPage> ListStoreIdsAsync(TwilioCredentials credentials, string? pageToken,
        CancellationToken cancellationToken)
    {
        var query = "v1/ControlPlane/Stores?pageSize=100&orderBy=ASC"
                    + (pageToken is null ? "" : "&pageToken=" + Uri.EscapeDataString(pageToken));
        var response = await SendAsync<StoreListBody>(new HttpRequestMessage(HttpMethod.Get, query), credentials, CamelCase, cancellationToken);
        return new StoreIdPage(response.Body.Stores ?? [], response.Body.Meta?.NextToken);
    }

    /// <summary>Every store id in the account, following page tokens (the SDK stops after one page).</summary>
    public async Task<IReadOnlyList<string>> ListAllStoreIdsAsync(TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        string? token = null;
        var trail = new TwilioPageTrail("Memory stores");
        do
        {
            trail.Visit(token ?? "");
            var page = await ListStoreIdsAsync(credentials, token, cancellationToken);
            ids.AddRange(page.StoreIds);
            token = page.NextToken;
        } while (!string.IsNullOrEmpty(token));
        return ids;
    }

    /// <summary>M3. Null when Twilio says 404: unknown, deleted, or not visible yet (eventual consistency).</summary>
    public async Task<MemoryStore?> FetchStoreAsync(TwilioCredentials credentials, string storeId, CancellationToken cancellationToken)
    {
        try
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "v1/ControlPlane/Stores/" + Uri.EscapeDataString(storeId));
            return (await SendAsync<MemoryStore>(request, credentials, CamelCase, cancellationToken)).Body;
        }
        catch (TwilioApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// M4. Renames a store (only the fields sent change). Twilio may answer 202 with an operation to poll, or 200 with
    /// the store, applied (contract §12 P6): null then. Either way the caller fetches the store afterwards (M3).
    /// </summary>
    public async Task<AcceptedOperation?> RenameStoreAsync(TwilioCredentials credentials, string storeId, string displayName, CancellationToken cancellationToken)
    {
        var request = JsonRequest(HttpMethod.Patch, "v1/ControlPlane/Stores/" + Uri.EscapeDataString(storeId), new PatchStoreBody(displayName));
        var response = await SendAsync<AcceptedBody>(request, credentials, CamelCase, cancellationToken);
        return response.Status == HttpStatusCode.Accepted ? ToAcceptedOperation(response, response.Body.StatusUrl) : null;
    }

    /// <summary>M5. Permanent at Twilio.</summary>
    public async Task<AcceptedOperation> DeleteStoreAsync(TwilioCredentials credentials, string storeId, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, "v1/ControlPlane/Stores/" + Uri.EscapeDataString(storeId));
        var response = await SendAsync<AcceptedBody>(request, credentials, CamelCase, cancellationToken);
        return ToAcceptedOperation(response, response.Body.StatusUrl);
    }

    /// <summary>M6.</summary>
    public async Task<OperationStatus> GetOperationAsync(TwilioCredentials credentials, string operationId, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "v1/ControlPlane/Operations/" + Uri.EscapeDataString(operationId));
        var response = await SendAsync<OperationBody>(request, credentials, CamelCase, cancellationToken);
        var body = response.Body;
        var error = body.Error is null ? null : $"{body.Error.Title ?? "operation failed"} (Twilio code {body.Error.Code}): {body.Error.Detail}";
        return new OperationStatus(OperationStates.Parse(body.Status), body.Result?.Id, error, body.Error?.Code, response.RetryAfter);
    }

    private sealed record CreateStoreBody(string DisplayName, string? Description);
    private sealed record PatchStoreBody(string DisplayName);
    private sealed record AcceptedBody(string? Message, string? StatusUrl);
    private sealed record StoreListBody(List<string>? Stores, PageMeta? Meta);
    private sealed record OperationBody(string? OperationId, string? Status, OperationResult? Result, OperationError? Error);
    private sealed record OperationResult(string? Type, string? Id);
    private sealed record OperationError(string? Type, string? Title, int? Code, string? Detail);
}
