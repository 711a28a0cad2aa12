using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Tenants;

/// <summary>Sending a batch signup and reading its results, and counting rows, as the batch tests need.</summary>
public static class BatchSignups
{
    public static async Task<JsonElement> BatchAsync(this ProvisioningStack stack, object[] items)
    {
        using var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants:batch", new { tenants = items });
        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static List<int> Statuses(JsonElement batch) =>
        batch.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetInt32()).ToList();

    public static async Task<long> CountAsync(this ProvisioningStack stack, string sql)
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
