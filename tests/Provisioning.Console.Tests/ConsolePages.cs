namespace Provisioning.Console.Tests;

/// <summary>Every console page, with what it needs to show something: the accessibility check and the screenshots visit these.</summary>
public static class ConsolePages
{
    public static async Task<IReadOnlyList<(string Name, string Path)>> ArrangeAsync(ConsoleStack stack)
    {
        var tenant = await stack.SignUpAsync("tour-acme", settings: new
        {
            clientId = "tour-acme", displayName = "Acme Corp",
            orchestrator = new { channels = new { SMS = new { addresses = new[] { "+15550001111" } } } },
        });
        using (var run = await stack.Api.PostAsync("/v1/reconciliations", System.Net.Http.Json.JsonContent.Create(new { dryRun = true })))
            run.EnsureSuccessStatusCode();
        var runs = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(stack.Api, "/v1/reconciliations");
        var runId = runs[0].GetProperty("id").GetString();
        return
        [
            ("login", "/admin/login"),
            ("overview", "/admin"),
            ("tenants", "/admin/tenants"),
            ("tenant", $"/admin/tenants/{tenant.GetProperty("clientId").GetString()}"),
            ("accounts", "/admin/accounts"),
            ("reconciliations", "/admin/reconciliations"),
            ("reconciliation", $"/admin/reconciliations/{runId}"),
        ];
    }
}
