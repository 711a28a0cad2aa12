using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Console.Pages.Tenants;

/// <summary><c>/admin/tenants?q=&amp;status=&amp;account=&amp;sort=&amp;after=</c>: every filter is in the URL, so a search can be shared.</summary>
public sealed class TenantsModel(TenantSearch search, TenantAdministration tenants, IValidator<BulkRetryRequest> bulkRetry) : ConsolePageModel
{
    public const int BulkRetryLimit = 1000;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Account { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }
    [BindProperty] public ActionForm Form { get; set; } = new();

    public TenantStatus? ParsedStatus =>
        ListTenantsQuery.TryParseStatus(Status, out var status) ? status : null;

    public TenantSort ParsedSort => string.Equals(Sort, "updated", StringComparison.OrdinalIgnoreCase) ? TenantSort.Updated : TenantSort.Created;

    public TenantSearchPage? Results { get; private set; }

    protected override async Task LoadAsync(CancellationToken cancellationToken) =>
        Results = await search.FindAsync(Q?.Trim(), ParsedStatus, Account?.Trim(), ParsedSort, After, cancellationToken);

    public string PageUrl(string? after)
    {
        var query = new Dictionary<string, string?> { ["q"] = Q, ["status"] = Status, ["account"] = Account, ["sort"] = Sort, ["after"] = after }
            .Where(p => !string.IsNullOrEmpty(p.Value));
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/admin/tenants", query);
    }

    public Task<IActionResult> OnPostBulkRetryAsync(CancellationToken cancellationToken) => ActAsync(async () =>
    {
        var request = new BulkRetryRequest(string.IsNullOrWhiteSpace(Account) ? null : Account.Trim(), Form.RequireReason(), BulkRetryLimit);
        await bulkRetry.ValidateAndThrowAsync(request, cancellationToken);
        var retried = await tenants.RetryFailedAsync(request.AccountSid, request.Reason!, BulkRetryLimit, cancellationToken);
        return $"{retried.Count} Failed tenant(s) are being retried.";
    }, cancellationToken);
}
