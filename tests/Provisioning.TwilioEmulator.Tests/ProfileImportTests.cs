using System.Net;
using System.Text;

namespace Provisioning.TwilioEmulator.Tests;

public sealed class ProfileImportTests(EmulatorFixture emulator) : DataPlaneTestBase(emulator)
{
    private const string Csv = "email_address,first_name,favourite_colour\r\n"
        + "alyssa@example.com,Alyssa,blue\r\n"
        + "\"john.doe@example.com\",\"John, Jr.\",green\r\n"
        + ",Nobody,red\r\n";

    private const string Mappings = """
        [{"columnName":"email_address","traitGroup":"Contact","traitName":"email"},
         {"columnName":"first_name","traitGroup":"Contact","traitName":"firstName"}]
        """;

    [Fact]
    public async Task An_import_uploads_its_csv_to_the_presigned_url_and_turns_the_rows_into_profiles()
    {
        var storeId = await CreateStoreAsync();
        var (importId, url) = await CreateImportAsync(storeId, Encoding.UTF8.GetByteCount(Csv));
        Assert.Matches("^mem_import_[0-7][0-9a-z]{25}$", importId);
        Assert.Contains("X-Amz-Signature=", url);
        Assert.Equal("PENDING", await StatusAsync(storeId, importId));

        using (var upload = await UploadAsync(url, Csv))
        {
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        }

        var done = await PollUntilAsync(() => FetchAsync(storeId, importId), i => (string?)i["status"] == "COMPLETED", "the import to complete");
        Assert.Equal(("profiles.csv", Encoding.UTF8.GetByteCount(Csv)), ((string)done["filename"]!, (int)done["fileSize"]!));
        // The row without an email has no identifier; the unmapped colour column is a warning.
        Assert.Equal((1, 1), ((int)done["summary"]!["errors"]!, (int)done["summary"]!["warnings"]!));
        Assert.Equal(2, done["columnMappings"]!.AsArray().Count);
        var profiles = await Emulator.GetProfilesAsync(storeId);
        Assert.Equal(["Alyssa", "John, Jr."], profiles.Select(p => (string)p.Traits["Contact"]!["firstName"]!));
        var lookup = await CallAsync(HttpMethod.Post, ProfilesUrl(storeId) + "/Lookup", """{"idType":"email","value":"JOHN.DOE@example.com"}""");
        Assert.Equal([profiles[1].Id], Strings(lookup.Body["profiles"]));

        var listed = await CallAsync(HttpMethod.Get, ProfilesUrl(storeId) + "/Imports");
        Assert.Equal([importId], Strings(listed.Body["imports"]));
        Assert.Equal("imports", (string?)listed.Body["meta"]!["key"]);

        // A presigned URL takes one upload.
        using var again = await UploadAsync(url, Csv);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Uploads_need_the_signature_and_the_declared_size_and_a_header_lacking_a_mapped_column_fails_the_import()
    {
        var storeId = await CreateStoreAsync();
        var (importId, url) = await CreateImportAsync(storeId, 10);

        using (var unsigned = await UploadAsync(url[..url.IndexOf('?')], "0123456789"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);
        }

        using (var wrongSize = await UploadAsync(url, "012345678"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrongSize.StatusCode);
        }

        Assert.Equal("PENDING", await StatusAsync(storeId, importId));
        using (var headerOnly = await UploadAsync(url, "name,x\na,b"))
        {
            Assert.Equal(HttpStatusCode.OK, headerOnly.StatusCode);
        }

        await PollUntilAsync(() => StatusAsync(storeId, importId), status => status == "FAILED", "the import to fail");
        Assert.Empty(await Emulator.GetProfilesAsync(storeId));
    }

    [Fact]
    public async Task Import_requests_are_validated_and_scoped_to_their_store()
    {
        var storeId = await CreateStoreAsync();
        foreach (var invalid in new[]
        {
            $$"""{"fileSize":10,"columnMappings":{{Mappings}}}""",
            $$"""{"filename":"a.csv","fileSize":0,"columnMappings":{{Mappings}}}""",
            $$"""{"filename":"a.csv","fileSize":104857601,"columnMappings":{{Mappings}}}""",
            """{"filename":"a.csv","fileSize":10,"columnMappings":[{"columnName":"email","traitGroup":"Contact","traitName":"email"}]}""",
            """{"filename":"a.csv","fileSize":10,"columnMappings":[{"columnName":"a","traitGroup":"Contact"},{"columnName":"b","traitGroup":"C","traitName":"b"}]}""",
            $$"""{"filename":"a.csv","fileSize":10,"columnMappings":{{Mappings}},"delimiter":";"}""",
        })
        {
            AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Post, ProfilesUrl(storeId) + "/Imports", invalid));
        }

        var (importId, _) = await CreateImportAsync(storeId, 10);
        var otherStore = await CreateStoreAsync("other");
        AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Get, $"{ProfilesUrl(otherStore)}/Imports/{importId}"));
        Assert.Empty(Strings((await CallAsync(HttpMethod.Get, ProfilesUrl(otherStore) + "/Imports")).Body["imports"]));
    }

    private async Task<(string ImportId, string Url)> CreateImportAsync(string storeId, long fileSize)
    {
        var created = await CallAsync(HttpMethod.Post, ProfilesUrl(storeId) + "/Imports",
            $$"""{"filename":"profiles.csv","fileSize":{{fileSize}},"columnMappings":{{Mappings}}}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return ((string)created.Body["importId"]!, (string)created.Body["url"]!);
    }

    private async Task<System.Text.Json.Nodes.JsonObject> FetchAsync(string storeId, string importId)
    {
        var fetched = await CallAsync(HttpMethod.Get, $"{ProfilesUrl(storeId)}/Imports/{importId}");
        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        return fetched.Body;
    }

    private async Task<string> StatusAsync(string storeId, string importId) => (string)(await FetchAsync(storeId, importId))["status"]!;

    // A presigned URL carries its authorisation in the query: no Basic credentials.
    private async Task<HttpResponseMessage> UploadAsync(string url, string content)
    {
        using var client = Emulator.CreateTwilioHttpClient();
        return await client.PutAsync(url, new StringContent(content, Encoding.UTF8, "text/csv"));
    }
}
