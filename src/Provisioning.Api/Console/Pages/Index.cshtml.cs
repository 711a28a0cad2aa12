namespace Provisioning.Api.Console.Pages;

public sealed class IndexModel(ConsoleOverview overview) : ConsolePageModel
{
    public OverviewModel? Overview { get; private set; }

    protected override async Task LoadAsync(CancellationToken cancellationToken) => Overview = await overview.ReadAsync(ReadsAdminData, cancellationToken);
}
