using System.Text.Json.Nodes;

namespace Provisioning.Api.Twilio;

/// <summary>Conversations v2 control plane, "Conversation Orchestrator" configurations (contract §3).</summary>
public sealed class ConversationsClient(HttpClient http) : TwilioHttpClient(http)
{
    /// <summary>
    /// C1. The configuration id comes in the 202 when Twilio gives it, which the live service does not always
    /// do (L3): then it is in the operation, or found by name. A repeated <paramref name="idempotencyKey"/>
    /// within 24 h replays the original answer and creates nothing.
    /// </summary>
    public async Task<AcceptedConfiguration> CreateConfigurationAsync(TwilioCredentials credentials,
        JsonObject configuration, Guid idempotencyKey, CancellationToken cancellationToken)
    {
        var request = JsonRequest(HttpMethod.Post, "v2/ControlPlane/Configurations", configuration, idempotencyKey.ToString("D"));
        var response = await SendAsync<AcceptedBody>(request, credentials, CamelCase, cancellationToken);
        var configurationId = response.Body.Related?.GetValueOrDefault("configurationId");
        return new AcceptedConfiguration(string.IsNullOrEmpty(configurationId) ? null : configurationId, ToAcceptedOperation(response, response.Body.StatusUrl));
    }

    /// <summary>C2, every page: the account's configurations, optionally only those that use <paramref name="memoryStoreId"/>.</summary>
    public async Task<IReadOnlyList<Configuration>> ListAllConfigurationsAsync(TwilioCredentials credentials, string? memoryStoreId,
        CancellationToken cancellationToken)
    {
        var configurations = new List<Configuration>();
        string? token = null;
        var trail = new TwilioPageTrail("configurations");
        do
        {
            trail.Visit(token ?? "");
            var page = await ListConfigurationsAsync(credentials, memoryStoreId, token, cancellationToken);
            configurations.AddRange(page.Configurations);
            token = page.NextToken;
        } while (!string.IsNullOrEmpty(token));
        return configurations;
    }

    private async Task<ConfigurationPage> ListConfigurationsAsync(TwilioCredentials credentials, string? memoryStoreId,
        string? pageToken, CancellationToken cancellationToken)
    {
        var query = "v2/ControlPlane/Configurations?pageSize=1000"
                    + (memoryStoreId is null ? "" : "&memoryStoreId=" + Uri.EscapeDataString(memoryStoreId))
                    + (pageToken is null ? "" : "&pageToken=" + Uri.EscapeDataString(pageToken));
        var response = await SendAsync<ConfigurationListBody>(new HttpRequestMessage(HttpMethod.Get, query), credentials, CamelCase, cancellationToken);
        return new ConfigurationPage((response.Body.Configurations ?? []).Select(c => new Configuration(c)).ToList(), response.Body.Meta?.NextToken);
    }

    /// <summary>C3. Null when Twilio says 404.</summary>
    public async Task<Configuration?> FetchConfigurationAsync(TwilioCredentials credentials, string configurationId, CancellationToken cancellationToken)
    {
        try
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "v2/ControlPlane/Configurations/" + Uri.EscapeDataString(configurationId));
            return new Configuration((await SendAsync<JsonObject>(request, credentials, CamelCase, cancellationToken)).Body);
        }
        catch (TwilioApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// C4: full replacement, the only update the live service takes (L2): <paramref name="configuration"/> is the
    /// whole configuration, as fetched, with the caller's changes. Never PATCH (C5).
    /// </summary>
    public async Task<AcceptedOperation> ReplaceConfigurationAsync(TwilioCredentials credentials, string configurationId,
        JsonObject configuration, Guid idempotencyKey, CancellationToken cancellationToken)
    {
        var request = JsonRequest(HttpMethod.Put, "v2/ControlPlane/Configurations/" + Uri.EscapeDataString(configurationId),
            configuration, idempotencyKey.ToString("D"));
        var response = await SendAsync<AcceptedBody>(request, credentials, CamelCase, cancellationToken);
        return ToAcceptedOperation(response, response.Body.StatusUrl);
    }

    /// <summary>C6.</summary>
    public async Task<AcceptedOperation> DeleteConfigurationAsync(TwilioCredentials credentials, string configurationId,
        Guid idempotencyKey, CancellationToken cancellationToken)
    {
        var request = JsonRequest(HttpMethod.Delete, "v2/ControlPlane/Configurations/" + Uri.EscapeDataString(configurationId), null, idempotencyKey.ToString("D"));
        var response = await SendAsync<AcceptedBody>(request, credentials, CamelCase, cancellationToken);
        return ToAcceptedOperation(response, response.Body.StatusUrl);
    }

    /// <summary>C7.</summary>
    public async Task<OperationStatus> GetOperationAsync(TwilioCredentials credentials, string operationId, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "v2/ControlPlane/Operations/" + Uri.EscapeDataString(operationId));
        var response = await SendAsync<OperationBody>(request, credentials, CamelCase, cancellationToken);
        var body = response.Body;
        var error = body.Error is null ? null : $"{body.Error.Title ?? "operation failed"}: {body.Error.Detail}";
        var configurationId = body.Related?.GetValueOrDefault("configurationId");
        return new OperationStatus(OperationStates.Parse(body.Status), string.IsNullOrEmpty(configurationId) ? null : configurationId,
            error, body.Error?.Status, response.RetryAfter);
    }

    private sealed record AcceptedBody(string? StatusUrl, Dictionary<string, string>? Related);
    private sealed record ConfigurationListBody(List<JsonObject>? Configurations, PageMeta? Meta);
    private sealed record OperationBody(string? OperationId, string? Status, OperationError? Error, Dictionary<string, string>? Related);
    private sealed record OperationError(string? Type, string? Title, int? Status, string? Detail);
}
