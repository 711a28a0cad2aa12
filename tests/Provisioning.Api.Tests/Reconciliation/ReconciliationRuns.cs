using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Provisioning.Api.Tests.Reconciliation;

/// <summary>Starting a reconciliation through the API and waiting for its report, as an operator would.</summary>
public static class ReconciliationRuns
{
    /// <summary>Starts a run and returns its detail (run and findings) once it completed.</summary>
    public static async Task<JsonElement> RunAsync(this HttpClient admin, bool dryRun)
    {
        var id = await admin.StartRunAsync(dryRun);
        return await admin.WaitForRunAsync(id);
    }

    public static async Task<string> StartRunAsync(this HttpClient admin, bool dryRun)
    {
        using var response = await admin.PostAsJsonAsync("/v1/reconciliations", new { dryRun });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> WaitForRunAsync(this HttpClient admin, string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var detail = await admin.GetFromJsonAsync<JsonElement>($"/v1/reconciliations/{id}");
            var status = detail.GetProperty("run").GetProperty("status").GetString();
            if (status == "Completed") return detail;
            Assert.NotEqual("Failed", status);
            await Task.Delay(100);
        }
        throw new TimeoutException($"Reconciliation {id} did not complete.");
    }

    /// <summary>The one finding of a kind for a store.</summary>
    public static JsonElement Finding(this JsonElement detail, string kind, string storeId) =>
        Assert.Single(detail.GetProperty("findings").EnumerateArray(),
            f => f.GetProperty("kind").GetString() == kind && f.GetProperty("storeId").GetString() == storeId);
}
