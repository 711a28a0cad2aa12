namespace Provisioning.Api.Tests.Integration;

/// <summary>A stack whose lifecycle webhooks go to a test receiver.</summary>
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
        settings["Provisioning:DeletionGracePeriod"] = "1.00:00:00";
        return settings;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
