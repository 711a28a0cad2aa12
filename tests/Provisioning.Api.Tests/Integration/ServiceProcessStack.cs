namespace Provisioning.Api.Tests.Integration;

/// <summary>
/// The emulator and a database for service processes the test starts itself (<see cref="Testing.Service.ServiceProcess"/>,
/// configured through environment variables as a deployment is): no in-process host.
/// </summary>
public class ServiceProcessStack(params (string Key, string? Value)[] settings) : ProvisioningStack(settings), IAsyncDisposable
{
    public IReadOnlyDictionary<string, string?> Settings => ServiceSettings();

    public override async Task InitializeAsync()
    {
        await Emulator.InitializeAsync();
        await CreateDatabaseAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
