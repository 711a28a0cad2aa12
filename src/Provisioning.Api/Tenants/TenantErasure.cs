namespace Provisioning.Api.Tenants;

/// <summary>
/// What erasure removed of a tenant's personal data in PostgreSQL, raised with its <c>Deleted</c> transition
/// (<see cref="Tenant.MarkDeleted"/>): the fields it cleared, and the values they held, so that the audit writer can take
/// the same values out of the tenant's audit reasons and webhook payloads in the same transaction. Never stored itself.
/// </summary>
/// <param name="CallbackUrl">Where the tenant's <c>tenant.deleted</c> webhook still goes, though the tenant no longer holds it.</param>
/// <param name="PersonalValues">Every value removed (display name, URLs, numbers), longest first.</param>
/// <param name="Fields">The names of the tenant's fields that held something, as the API spells them.</param>
public sealed record TenantErasure(string? CallbackUrl, IReadOnlyList<string> PersonalValues, IReadOnlyList<string> Fields)
{
    /// <summary>What stands where a removed value was.</summary>
    public const string Placeholder = "[redacted]";

    /// <summary>Webhook bodies of the tenant: each is cut down to its ids, type and status at erasure (always listed).</summary>
    public const string WebhookPayloadsField = "webhookPayloads";

    /// <summary>What <paramref name="tenant"/> holds that erasure removes, read before it is removed.</summary>
    public static TenantErasure Of(Tenant tenant)
    {
        var settings = new[] { tenant.Orchestrator, tenant.AppliedOrchestrator }.OfType<OrchestratorSettings>().ToList();
        var addresses = settings.SelectMany(s => s.Channels.Values).SelectMany(c => c.AllAddresses)
            .Concat(tenant.Addresses.Select(a => a.Address)).ToList();
        var statusCallbacks = settings.SelectMany(s => s.StatusCallbacks).Select(c => c.Url).ToList();
        var fields = new List<string>();
        if (tenant.DisplayName is not null) fields.Add("displayName");
        if (tenant.CallbackUrl is not null) fields.Add("callbackUrl");
        if (settings.Any(s => s.Channels.Count > 0)) fields.Add("orchestrator.channels");
        if (statusCallbacks.Count > 0) fields.Add("orchestrator.statusCallbacks");
        if (tenant.Addresses.Count > 0) fields.Add("addresses");
        fields.Add(WebhookPayloadsField);
        var values = new[] { tenant.DisplayName, tenant.CallbackUrl }.Concat(addresses).Concat(statusCallbacks)
            .OfType<string>().Where(v => v.Length > 0).Distinct(StringComparer.Ordinal)
            // Longest first: a URL is replaced whole before a shorter value inside it could break it up.
            .OrderByDescending(v => v.Length).ToList();
        return new TenantErasure(tenant.CallbackUrl, values, fields);
    }

    /// <summary>Whether <paramref name="text"/> holds any of the removed values.</summary>
    public bool Holds(string? text) => text is not null && PersonalValues.Any(v => text.Contains(v, StringComparison.Ordinal));

    /// <summary><paramref name="text"/> with every removed value replaced by <see cref="Placeholder"/>.</summary>
    public string? Scrub(string? text) =>
        text is null ? null : PersonalValues.Aggregate(text, (scrubbed, value) => scrubbed.Replace(value, Placeholder, StringComparison.Ordinal));
}
