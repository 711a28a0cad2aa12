using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Provisioning.Api.Accounts;
using Provisioning.Api.Data;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Console.Pages.Accounts;

/// <summary>
/// <c>/admin/accounts?p=</c> (not <c>page</c>: Razor Pages routes by that name): every account of the pool as <c>GET /v1/accounts</c> shows it, 50 a page, with the
/// overrides of <c>PATCH /v1/accounts/{sid}</c> (same validator, same checks under the slot lock).
/// </summary>
public sealed class AccountsModel(
    ProvisioningDbContext db, SlotLedger slotLedger, IOptions<TwilioOptions> twilio, TwilioParents parents, IOptions<AccountPoolOptions> poolOptions,
    IValidator<UpdateAccountRequest> validator, TimeProvider time) : ConsolePageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    [BindProperty] public string? Sid { get; set; }
    [BindProperty] public bool AcceptsTenants { get; set; }
    [BindProperty] public int? StoreCapacity { get; set; }
    [BindProperty] public int? ConfigurationCapacity { get; set; }
    [BindProperty] public ActionForm Form { get; set; } = new();

    public AccountPoolView? Pool { get; private set; }
    public IReadOnlyList<AccountView> Shown { get; private set; } = [];
    public int Pages { get; private set; } = 1;

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Pool = await AccountsApi.BuildViewAsync(db, twilio.Value, parents, poolOptions.Value, cancellationToken);
        Pages = Math.Max(1, (Pool.Accounts.Count + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        Shown = Pool.Accounts.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList();
    }

    public Task<IActionResult> OnPostAcceptsAsync(CancellationToken cancellationToken) =>
        UpdateAsync(new UpdateAccountRequest(null, AcceptsTenants), AcceptsTenants ? "now takes new tenants" : "takes no new tenants", cancellationToken);

    public Task<IActionResult> OnPostCapacityAsync(CancellationToken cancellationToken) =>
        UpdateAsync(new UpdateAccountRequest(StoreCapacity, null, ConfigurationCapacity), "has its new capacity", cancellationToken);

    private Task<IActionResult> UpdateAsync(UpdateAccountRequest request, string done, CancellationToken cancellationToken) => ActAsync(async () =>
    {
        Form.RequireConfirmation();
        await validator.ValidateAndThrowAsync(request, cancellationToken);
        var refused = await slotLedger.UnderSlotLockAsync(() => AccountsApi.UpdateUnderLockAsync(Sid ?? "", request, db, time, cancellationToken), cancellationToken);
        if (refused?.Result is ProblemHttpResult problem) throw new ConsoleRefusal(problem.ProblemDetails);
        if (refused?.Result is ValidationProblem invalid) throw new ConsoleRefusal(invalid.ProblemDetails);
        return $"Account {Sid} {done}.";
    }, cancellationToken);
}
