using Microsoft.AspNetCore.Mvc;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Domain;
using Provisioning.Api.Reconciliation;

namespace Provisioning.Api.Console.Pages.Reconciliations;

/// <summary><c>/admin/reconciliations/{id}?after=</c>: one run's progress, summary per kind and findings, 100 a page.</summary>
public sealed class RunModel(ProvisioningDbContext db) : ConsolePageModel
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? After { get; set; }

    public RunDetailView? Detail { get; private set; }

    protected override async Task LoadAsync(CancellationToken cancellationToken) =>
        Detail = await db.GetRunAsync(Id, PageSize, After, cancellationToken) ?? throw new NotFoundException($"No reconciliation run {Id}.");
}
