using System.Text.Json;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Webhooks;

/// <summary>What a receiver answers can neither send a delivery somewhere else nor make the service read without end.</summary>
public sealed class WebhookResponseTests(WebhookStack stack) : IClassFixture<WebhookStack>
{
    [Fact]
    public async Task A_redirect_is_a_failed_attempt_and_where_it_points_gets_no_request()
    {
        var url = stack.Receiver.UrlOf("/redirect");
        await WebhookDeliveries.SignUpAsync(stack, "hook-redirect", url);

        var delivery = await WebhookDeliveries.WaitForAttemptAsync(stack, "hook-redirect", url);

        Assert.Equal(302, delivery.GetProperty("lastStatus").GetInt32());
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("deliveredAt").ValueKind);
        Assert.Contains("redirects are not followed", delivery.GetProperty("lastError").GetString());
        Assert.Contains("/redirect", stack.Receiver.RequestPaths);
        Assert.DoesNotContain("/redirect-target", stack.Receiver.RequestPaths);
    }

    [Fact]
    public async Task A_huge_answer_is_not_read_to_its_end_and_the_delivery_completes()
    {
        await using var server = new HugeAnswerServer();
        await WebhookDeliveries.SignUpAsync(stack, "hook-huge", server.Url);

        var delivery = await WebhookDeliveries.WaitForAttemptAsync(stack, "hook-huge", server.Url);

        Assert.Equal(200, delivery.GetProperty("lastStatus").GetInt32());
        Assert.Equal(1, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(JsonValueKind.String, delivery.GetProperty("deliveredAt").ValueKind);
        // The service reads 64 KiB, then drops the connection; socket buffers take some more, never most of it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (server.HangUps == 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(1, server.HangUps);
        Assert.True(server.BytesSent < HugeAnswerServer.BodyBytes / 4, $"{server.BytesSent} of {HugeAnswerServer.BodyBytes} bytes were taken");
    }
}
