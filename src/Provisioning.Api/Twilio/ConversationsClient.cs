namespace Provisioning.Api.Twilio;

/// <summary>Conversations v2 control plane, "Conversation Orchestrator" configurations (contract §3).</summary>
public sealed class ConversationsClient(HttpClient http) : TwilioHttpClient(http)
{
    /// <summary>
    /// C1. The configuration id is known from the 202. A repeated <paramref name="idempotencyKey"/>
    /// within 24 h replays the original answer and creates nothing.
    /// </summary>
    public async Task<AcceptedConfiguration> CreateConfigurationAsync(TwilioCredentials credentials,
        ConfigurationRequest configuration, Guid idempotencyKey, CancellationToken cancellationToken)
    {
        var request = JsonRequest(HttpMethod.Post, "v2/ControlPlane/Configurations", configuration, idempotencyKey.ToString("D"));
        var response = await SendAsync<AcceptedBody>(request, credentials, CamelCase, cancellationToken);
        var configurationId = response.Body.Related?.GetValueOrDefault("configurationId")
                              ?? throw new TwilioApiException("Twilio accepted the configuration but returned no configurationId.", response.Status);
        return new AcceptedConfiguration(configurationId, ToAcceptedOperation(response, response.Body.StatusUrl));
    }

    /// <summary>C2, every page: the account's configurations, optionally only those that use <paramref name="memoryStoreId"/>.</summary>
    public async Task<IReadOnlyList<Configuration>> ListAllConfigurationsAsync(TwilioCredentials credentials, string? memoryStoreId,
        CancellationToken cancellationToken)
    {
        var configurations = new List<Configuration>();
        string? token = null;
        do
        {
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
        return new ConfigurationPage(response.Body.Configurations ?? [], response.Body.Meta?.NextToken);
    }

    /// <summary>C3. Null when Twilio says 404.</summary>
    public async Task<Configuration?> FetchConfigurationAsync(TwilioCredentials credentials, string configurationId, CancellationToken cancellationToken)
    {
        try
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "v2/ControlPlane/Configurations/" + Uri.EscapeDataString(configurationId));
            return (await SendAsync<Configuration>(request, credentials, CamelCase, cancellationToken)).Body;
        }
        catch (TwilioApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>C5. Points the configuration at a store and sets memory extraction; nothing else changes.</summary>
    public async Task<AcceptedOperation> SwitchStoreAsync(TwilioCredentials credentials, string configurationId, string memoryStoreId,
        bool memoryExtractionEnabled, Guid idempotencyKey, CancellationToken cancellationToken)
    {
        var request = JsonRequest(HttpMethod.Patch, "v2/ControlPlane/Configurations/" + Uri.EscapeDataString(configurationId),
            new { memoryStoreId, memoryExtractionEnabled }, idempotencyKey.ToString("D"));
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
        return new OperationStatus(OperationStates.Parse(body.Status), body.Related?.GetValueOrDefault("configurationId"),
            error, body.Error?.Status, response.RetryAfter);
    }

    private sealed record AcceptedBody(string? StatusUrl, Dictionary<string, string>? Related);
    private sealed record ConfigurationListBody(List<Configuration>? Configurations, PageMeta? Meta);
    private sealed record OperationBody(string? OperationId, string? Status, OperationError? Error, Dictionary<string, string>? Related);
    private sealed record OperationError(string? Type, string? Title, int? Status, string? Detail);
}
