using System.Net;
using Provisioning.TwilioEmulator.Faults;

namespace Provisioning.TwilioEmulator.Tests;

/// <summary>
/// A scripted fault may carry a Twilio error code (§12's 5200xx codes have no documented HTTP status), so a client's
/// handling of, say, 520047 with an unexpected status can be tested.
/// </summary>
public sealed class ScriptedErrorCodeTests(EmulatorFixture emulator) : DataPlaneTestBase(emulator)
{
    [Fact]
    public async Task A_status_fault_with_a_code_answers_that_code_and_message_with_the_given_status()
    {
        var storeId = await CreateStoreAsync();
        await Emulator.AddFaultAsync(new ScriptedFault { Method = "POST", PathPrefix = ProfilesPath(storeId), Status = 500, Code = 520047, Message = "Trait group 'Account' does not exist" });

        var refused = await CallAsync(HttpMethod.Post, ProfilesUrl(storeId), """{"traits":{"Contact":{"email":"a@example.com"},"Account":{"tier":"gold"}}}""");
        var next = await CallAsync(HttpMethod.Post, ProfilesUrl(storeId), """{"traits":{"Contact":{"email":"a@example.com"}}}""");

        Assert.Equal((HttpStatusCode.InternalServerError, 520047, 500), (refused.Status, (int)refused.Body["code"]!, (int)refused.Body["status"]!));
        Assert.Equal("Trait group 'Account' does not exist", (string?)refused.Body["message"]);
        Assert.Equal(HttpStatusCode.Accepted, next.Status);
    }

    [Fact]
    public async Task A_code_outside_Twilios_range_is_refused()
    {
        using var admin = new HttpClient();
        using var response = await admin.PostAsync(Emulator.BaseUrl + "/_emulator/faults",
            new StringContent("""{"pathPrefix":"/v1/Stores","code":99}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static string ProfilesPath(string storeId) => new Uri(ProfilesUrl(storeId)).AbsolutePath;
}
