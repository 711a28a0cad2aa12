using Microsoft.AspNetCore.Mvc;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Auth;
using Provisioning.Api.Reconciliation;

namespace Provisioning.Api.Console.Pages.Reconciliations;

/// <summary><c>/admin/reconciliations</c>: recent runs, and a dry or a real run started as <c>POST /v1/reconciliations</c> starts it.</summary>
public sealed class ReconciliationsModel(ProvisioningDbContext db, Reconciler reconciler, ActorContext actor) : ConsolePageModel
{
    public const string Trigger = "console";
    public const int Shown = 50;

    [BindProperty] public ActionForm Form { get; set; } = new();

    public IReadOnlyList<RunView> Runs { get; private set; } = [];

    public bool Running => Runs.Any(r => r.Status == ReconciliationStatus.Running);

    protected override async Task LoadAsync(CancellationToken cancellationToken) => Runs = await db.ListRunsAsync(Shown, cancellationToken);

    public Task<IActionResult> OnPostDryRunAsync(CancellationToken cancellationToken) => StartAsync(dryRun: true, cancellationToken);

    public Task<IActionResult> OnPostRealRunAsync(CancellationToken cancellationToken) => StartAsync(dryRun: false, cancellationToken);

    private Task<IActionResult> StartAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var runId = Guid.Empty;
        return ActAsync(async () =>
        {
            Form.RequireConfirmation();
            var (run, started) = await reconciler.StartAsync(dryRun, Trigger, actor.Name, cancellationToken);
            runId = run.Id;
            return started ? $"{(dryRun ? "Dry run" : "Run")} started." : "A run was already going; here it is.";
        }, cancellationToken, then: () => $"/admin/reconciliations/{runId}");
    }
}
