
namespace Provisioning.Api.Tests.Integration;

public sealed record ReceivedWebhook(string Body, bool SignatureValid, bool AnsweredWithFailure, string DeliveryId);
