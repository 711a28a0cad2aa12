namespace Provisioning.Api.Tenants;

/// <summary>Body of <c>POST /v1/tenants/{clientId}/reprovision</c>.</summary>
public sealed record ReprovisionRequest(string? Mode, string? Reason, bool? DeleteOldStore)
{
    public ReprovisionMode ParsedMode => Mode?.ToLowerInvariant() switch
    {
        "repair" => ReprovisionMode.Repair,
        "recreate" => ReprovisionMode.Recreate,
        _ => ReprovisionMode.None,
    };
}
