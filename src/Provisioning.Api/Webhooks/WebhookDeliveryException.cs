
namespace Provisioning.Api.Webhooks;

public sealed class WebhookDeliveryException(string message) : Exception(message);
