using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Provisioning.Api.Twilio;

namespace Provisioning.UnitTests.Twilio;

/// <summary>Answers Twilio documents in more than one shape (contract §12 P6, P23), as the clients read them.</summary>
public sealed class PublishedAnswerShapeTests
{
    private static readonly TwilioCredentials Credentials = new("AC00000000000000000000000000000000", "AC00000000000000000000000000000000", "token");

    [Fact]
    public async Task P6_a_store_patch_answered_202_names_its_operation_and_one_answered_200_is_applied()
    {
        var accepted = new MemoryClient(Client(HttpStatusCode.Accepted,
            """{"message":"Store update accepted.","statusUrl":"https://memory.twilio.com/v1/ControlPlane/Operations/mem_operation_1"}"""));
        var applied = new MemoryClient(Client(HttpStatusCode.OK,
            """{"id":"mem_store_00000000000000000000000000","displayName":"client-x-retired","status":"ACTIVE","intelligenceServiceId":null,"version":2}"""));

        Assert.Equal("mem_operation_1", (await accepted.RenameStoreAsync(Credentials, "mem_store_00000000000000000000000000", "client-x-retired", CancellationToken.None))!.OperationId);
        Assert.Null(await applied.RenameStoreAsync(Credentials, "mem_store_00000000000000000000000000", "client-x-retired", CancellationToken.None));
    }

    [Fact]
    public async Task P23_an_error_in_the_troubleshooting_shape_gives_its_code_and_message_and_the_status_of_the_response_line()
    {
        // httpStatusCode disagrees with the response line on purpose: the line wins.
        var client = new ConversationsClient(Client(HttpStatusCode.Conflict,
            """{"code":530001,"httpStatusCode":400,"message":"Configuration limit reached","userError":true,"params":{"limit":10}}"""));

        var error = await Assert.ThrowsAsync<TwilioApiException>(() =>
            client.CreateConfigurationAsync(Credentials, new JsonObject(), Guid.NewGuid(), CancellationToken.None));

        Assert.Equal((HttpStatusCode.Conflict, 530001), (error.Status, error.TwilioCode));
        Assert.Contains("409 (Twilio code 530001): Configuration limit reached", error.Message, StringComparison.Ordinal);
    }

    private static HttpClient Client(HttpStatusCode status, string json) =>
        new(new Answering(status, json)) { BaseAddress = new Uri("https://twilio.example/") };

    private sealed class Answering(HttpStatusCode status, string json) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
    }
}
