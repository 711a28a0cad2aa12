using System.Globalization;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Provisioning.Api.Data;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Console.Pages.Tenants;

/// <summary>
/// <c>/admin/tenants/{clientId}</c>: the tenant (every API field and, for Admin, the saga's progress), its audit
/// trail, for Admin its webhooks, and the actions the tenant allows now. Each action is the API's: the same service call, the same
/// validator, the same audit row with the session's key name as actor.
/// </summary>
public sealed class DetailModel(
    ProvisioningDbContext db,
    TenantAdministration administration,
    TenantSettingsChange settings,
    TenantActionCheck actions,
    IValidator<ReprovisionRequest> reprovision,
    IValidator<AcceptResidualRequest> acceptResidual) : ConsolePageModel
{
    [BindProperty(SupportsGet = true)] public string ClientId { get; set; } = "";
    [BindProperty] public ActionForm Form { get; set; } = new();
    [BindProperty] public bool DeleteOldStore { get; set; }
    [BindProperty] public SettingsForm? Settings { get; set; }

    public Tenant? Tenant { get; private set; }
    public TenantResponse? ApiView { get; private set; }
    /// <summary>How many of the newest events and deliveries the page shows: a long-lived tenant's history is read a page at a time through the API.</summary>
    public int HistoryRows => 100;

    public IReadOnlyList<TenantEventView> Events { get; private set; } = [];
    public IReadOnlyList<WebhookDeliveryView> Webhooks { get; private set; } = [];
    public IReadOnlyDictionary<TenantAction, string?> Refusals { get; private set; } = new Dictionary<TenantAction, string?>();

    /// <summary>A settings revision Twilio does not have yet: the page says "Applying…" and refreshes itself until it does.</summary>
    public bool Applying => Tenant is { OrchestratorConfigurationId: not null } t && t.AppliedSettingsRevision < t.SettingsRevision
                            && t.Status is TenantStatus.Ready or TenantStatus.Provisioning;

    /// <summary>Work under way that the page should follow: provisioning, applying settings, a deletion starting.</summary>
    public bool InProgress => Applying || Tenant?.Status is TenantStatus.Pending or TenantStatus.Provisioning or TenantStatus.Deprovisioning;

    public bool Allows(TenantAction action) => Refusals.TryGetValue(action, out var refusal) && refusal is null;

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        var latest = await db.GetLatestTenantAsync(ClientId, cancellationToken);
        Tenant = latest;
        ApiView = TenantResponse.From(latest);
        Events = await db.ListRecentEventsAsync(ClientId, HistoryRows, cancellationToken);
        // GET /v1/tenants/{clientId}/webhooks is Admin's: a ControlPlane session's page neither reads nor shows them.
        if (ReadsAdminData) Webhooks = await db.ListRecentWebhookDeliveriesAsync(ClientId, HistoryRows, cancellationToken);
        Refusals = await actions.CheckAsync(latest.Id, cancellationToken);
        // A refused edit keeps what the admin typed; otherwise the editor shows the tenant as it is.
        if (Problem is null || Settings is null) Settings = SettingsForm.Of(latest);
    }

    /// <summary>The saga's own bookkeeping, which the API does not show: what a run resumes from.</summary>
    public object Progress(Tenant tenant) => new
    {
        tenant.FailedAttempts, tenant.StoreProgress, tenant.ConfigurationProgress, tenant.PendingReprovision, tenant.ReprovisionInProgress,
        tenant.StatusBeforeDeletion, tenant.TokenGeneration, tenant.SlotReleasedAt,
        Addresses = tenant.Addresses.Select(a => $"{a.Channel} {a.Address}"),
    };

    public Task<IActionResult> OnPostRetryAsync(CancellationToken cancellationToken) => ActAsync(async () =>
    {
        await administration.RetryAsync(ClientId, cancellationToken, Form.RequireReason());
        return $"Retrying {ClientId} from where it stopped.";
    }, cancellationToken);

    public Task<IActionResult> OnPostRepairAsync(CancellationToken cancellationToken) => ReprovisionAsync("repair", deleteOldStore: null, cancellationToken);

    public Task<IActionResult> OnPostRecreateAsync(CancellationToken cancellationToken) => ReprovisionAsync("recreate", DeleteOldStore, cancellationToken);

    private Task<IActionResult> ReprovisionAsync(string mode, bool? deleteOldStore, CancellationToken cancellationToken) => ActAsync(async () =>
    {
        var request = new ReprovisionRequest(mode, Form.RequireReason(), deleteOldStore);
        await reprovision.ValidateAndThrowAsync(request, cancellationToken);
        var tenant = await administration.ReprovisionAsync(ClientId, request.ParsedMode, request.Reason!, request.DeleteOldStore ?? false, cancellationToken);
        return $"{CultureInfo.InvariantCulture.TextInfo.ToTitleCase(mode)} of {ClientId} started ({ReprovisionAccepted.RunReference(tenant)}).";
    }, cancellationToken);

    public Task<IActionResult> OnPostOffboardAsync(CancellationToken cancellationToken) => OffboardAsync(immediate: false, cancellationToken);

    public Task<IActionResult> OnPostOffboardNowAsync(CancellationToken cancellationToken) => OffboardAsync(immediate: true, cancellationToken);

    private Task<IActionResult> OffboardAsync(bool immediate, CancellationToken cancellationToken) => ActAsync(async () =>
    {
        var tenant = await administration.OffboardAsync(ClientId, immediate, Form.RequireReason(), cancellationToken);
        return immediate ? $"{ClientId} is being deleted now." : $"{ClientId} will be deleted at {Format.Time(tenant.DeletionDueAt)} unless the deletion is cancelled.";
    }, cancellationToken);

    public Task<IActionResult> OnPostCancelDeletionAsync(CancellationToken cancellationToken) => ActAsync(async () =>
    {
        var tenant = await administration.CancelDeletionAsync(ClientId, Form.RequireReason(), cancellationToken);
        return $"Deletion of {ClientId} cancelled; it is {tenant.Status} again.";
    }, cancellationToken);

    public Task<IActionResult> OnPostAcceptResidualAsync(CancellationToken cancellationToken) => ActAsync(async () =>
    {
        var request = new AcceptResidualRequest(Form.RequireReason());
        await acceptResidual.ValidateAndThrowAsync(request, cancellationToken);
        await administration.AcceptResidualErasureAsync(ClientId, request.Reason!, cancellationToken);
        return $"{ClientId} is Deleted; what Twilio kept is recorded in its erasure record.";
    }, cancellationToken);

    public Task<IActionResult> OnPostSettingsAsync(CancellationToken cancellationToken) => ActAsync(async () =>
    {
        var form = Settings ?? new SettingsForm();
        var (tenant, changed) = await settings.ApplyAsync(ClientId, form.ToMergePatch(), form.ETag, cancellationToken);
        return changed ? $"Settings revision {tenant.SettingsRevision} accepted; applying it to Twilio." : "Nothing changed.";
    }, cancellationToken);
}
