namespace Provisioning.Api.Tests.Integration;

/// <summary>
/// A stack whose lifecycle webhooks go to a test receiver on loopback http, which tenants' callback URLs may also
/// name: http and private networks are allowed, as in local runs.
/// </summary>
public class WebhookStack : ProvisioningStack
{
    public WebhookReceiver Receiver { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync("test-webhook-secret-0123456789");
        await base.InitializeAsync();
    }

    protected override Dictionary<string, string?> ServiceSettings()
    {
        var settings = base.ServiceSettings();
        settings["Webhooks:Url"] = Receiver.Url;
        settings["Webhooks:Secret"] = Receiver.Secret;
        settings["Webhooks:AllowHttp"] = "true";
        settings["Webhooks:AllowPrivateNetworks"] = "true";
        settings["Provisioning:DeletionGracePeriod"] = "1.00:00:00";
        return settings;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
