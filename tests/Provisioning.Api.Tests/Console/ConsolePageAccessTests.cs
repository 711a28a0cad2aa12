using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Console;

/// <summary>
/// A console session reads what the API lets its key read, and nothing more: every console page (found in the
/// running service's endpoints, so a new page cannot be forgotten) and every Admin-only part of a page is compared
/// with the API's answer to the same key for the same data.
/// </summary>
[Collection(ProvisioningStackCollection.Name)]
public sealed class ConsolePageAccessTests(ProvisioningStack stack)
{
    private const string ClientId = "console-access-1";
    private static readonly string RunId = Guid.NewGuid().ToString();

    /// <summary>Each page's route, the URL the test opens, and the API call that reads the same data (null: a page for anyone).</summary>
    private static readonly Dictionary<string, (string Page, string? Api)> Pages = new(StringComparer.Ordinal)
    {
        ["admin"] = ("/admin", "/v1/tenants"),
        ["admin/tenants"] = ("/admin/tenants", "/v1/tenants"),
        ["admin/tenants/{clientId}"] = ($"/admin/tenants/{ClientId}", $"/v1/tenants/{ClientId}"),
        ["admin/accounts"] = ("/admin/accounts", "/v1/accounts"),
        ["admin/reconciliations"] = ("/admin/reconciliations", "/v1/reconciliations"),
        ["admin/reconciliations/{id:guid}"] = ($"/admin/reconciliations/{RunId}", $"/v1/reconciliations/{RunId}"),
        ["admin/login"] = ("/admin/login", null),
        ["admin/logout"] = ("/admin/logout", null),
    };

    /// <summary>Parts of a page (a marker in its HTML) that show data one API call reads: shown exactly when that call is allowed.</summary>
    private static readonly (string Page, string Marker, string Api)[] Parts =
    [
        ("/admin", "id=\"by-status\"", "/v1/tenants"),
        ("/admin", "id=\"pool\"", "/v1/accounts"),
        ("/admin", "id=\"drift\"", "/v1/reconciliations"),
        ("/admin/tenants", "href=\"/admin/accounts\"", "/v1/accounts"),
        ("/admin/tenants", "href=\"/admin/reconciliations\"", "/v1/reconciliations"),
        ($"/admin/tenants/{ClientId}", "id=\"api-fields\"", $"/v1/tenants/{ClientId}"),
        ($"/admin/tenants/{ClientId}", "id=\"tenant-audit\"", $"/v1/tenants/{ClientId}/events"),
        ($"/admin/tenants/{ClientId}", "id=\"tenant-webhooks\"", $"/v1/tenants/{ClientId}/webhooks"),
        // The saga's bookkeeping is shown by no API call: it is the operator's, as the pool is.
        ($"/admin/tenants/{ClientId}", "Saga progress", "/v1/accounts"),
    ];

    [Fact]
    public void Every_console_page_is_in_the_table_of_what_the_API_answers()
    {
        var routes = stack.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => e.RoutePattern.RawText!.Trim('/'))
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(routes);
        Assert.Equal(Pages.Keys.Order(StringComparer.Ordinal), routes.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(ProvisioningStack.ControlPlaneKey)]
    [InlineData(ProvisioningStack.AdminKey)]
    public async Task A_console_session_may_read_a_page_exactly_when_its_key_may_read_the_same_data_through_the_API(string key)
    {
        await SignUpOnceAsync();
        using var api = stack.CreateClient(key);
        using var console = await ConsoleClient.SignInAsync(stack.Host, key);

        foreach (var (route, (page, apiPath)) in Pages)
        {
            using var shown = await console.Http.GetAsync(page);
            if (apiPath is null)
            {
                Assert.True(shown.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{page} answered {(int)shown.StatusCode}");
                continue;
            }
            using var read = await api.GetAsync(apiPath);
            var apiRefuses = read.StatusCode == HttpStatusCode.Forbidden;
            Assert.True(apiRefuses == (shown.StatusCode == HttpStatusCode.Forbidden),
                $"{route}: the console answered {(int)shown.StatusCode}, the API {(int)read.StatusCode} for {apiPath}");
            Assert.NotEqual(HttpStatusCode.Redirect, shown.StatusCode); // signed in: never sent back to the sign-in page
            if (apiRefuses) Assert.Equal("application/problem+json", shown.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData(ProvisioningStack.ControlPlaneKey)]
    [InlineData(ProvisioningStack.AdminKey)]
    public async Task A_console_session_is_shown_a_part_of_a_page_exactly_when_its_key_may_read_that_data_through_the_API(string key)
    {
        await SignUpOnceAsync();
        using var api = stack.CreateClient(key);
        using var console = await ConsoleClient.SignInAsync(stack.Host, key);

        foreach (var (page, marker, apiPath) in Parts)
        {
            var html = await console.Http.GetStringAsync(page);
            using var read = await api.GetAsync(apiPath);
            var allowed = read.StatusCode != HttpStatusCode.Forbidden;
            Assert.True(allowed == html.Contains(marker, StringComparison.Ordinal),
                $"{page} {(allowed ? "lacks" : "shows")} {marker} though the API answers {(int)read.StatusCode} for {apiPath}");
        }
    }

    [Fact]
    public async Task A_ControlPlane_session_gets_403_on_each_Admin_only_page()
    {
        using var console = await ConsoleClient.SignInAsync(stack.Host, ProvisioningStack.ControlPlaneKey);

        foreach (var page in new[] { "/admin/accounts", "/admin/accounts?p=2", "/admin/reconciliations", $"/admin/reconciliations/{RunId}" })
        {
            using var response = await console.Http.GetAsync(page);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.DoesNotContain(stack.Emulator.ParentAccountSid, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private async Task SignUpOnceAsync()
    {
        using var existing = await stack.ControlPlane.GetAsync($"/v1/tenants/{ClientId}");
        if (existing.StatusCode == HttpStatusCode.OK) return;
        using var signup = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = ClientId });
        signup.EnsureSuccessStatusCode();
    }
}
