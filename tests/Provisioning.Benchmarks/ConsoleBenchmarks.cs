using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Provisioning.Testing.Service;

namespace Provisioning.Benchmarks;

/// <summary>
/// How long each console page takes to answer with the tenants the harness seeded: a signed-in admin's requests,
/// one at a time on loopback (so the time is the server's, plus a loopback round trip), after a warm-up.
/// </summary>
internal static partial class ConsoleBenchmarks
{
    public const int Warmup = 20;
    public const int Samples = 200;
    public const double GoalMs = 200;

    public static async Task<string> RunAsync(IReadOnlyDictionary<string, string?> settings, string adminKey)
    {
        // Plain http on a loopback port: the console's cookies must not be Secure-only here.
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string?>(settings) { ["Console:SecureCookies"] = "false" });
        using var api = service.CreateClient(adminKey);
        // Some tenants offboarded (PendingDeletion) and one dry run, so those pages show something.
        var tenants = (await api.GetFromJsonAsync<JsonElement>("/v1/tenants?limit=200")).GetProperty("items").EnumerateArray().ToList();
        foreach (var tenant in tenants.Take(100))
            (await api.DeleteAsync($"/v1/tenants/{tenant.GetProperty("clientId").GetString()}?reason=benchmark")).EnsureSuccessStatusCode();
        using var start = await api.PostAsJsonAsync("/v1/reconciliations", new { dryRun = true });
        var runId = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        while ((await api.GetFromJsonAsync<JsonElement>($"/v1/reconciliations/{runId}?limit=1")).GetProperty("run").GetProperty("status").GetString() == "Running")
            await Task.Delay(500);
        var deep = tenants[150].GetProperty("clientId").GetString();
        var account = tenants[150].GetProperty("accountSid").GetString();

        using var browser = await SignInAsync(service.BaseUrl, adminKey);
        var lastPage = Regex.Match(await browser.GetStringAsync("/admin/accounts"), @"Page 1 of (\d+)").Groups[1].Value;
        var nextCursor = NextCursor().Match(await browser.GetStringAsync("/admin/tenants?sort=updated")).Groups[1].Value;
        var pages = new (string Name, string Path)[]
        {
            ("overview", "/admin"),
            ("tenants, first page", "/admin/tenants"),
            ("tenants, next page by last change", $"/admin/tenants?sort=updated&after={WebUtility.HtmlDecode(nextCursor)}"),
            ("tenants, clientId prefix", "/admin/tenants?q=t0099"),
            ("tenants, status and account", $"/admin/tenants?status=Ready&account={account}"),
            ("tenant", $"/admin/tenants/{deep}"),
            ("accounts, first page", "/admin/accounts"),
            ("accounts, last page", $"/admin/accounts?p={(lastPage.Length > 0 ? lastPage : "1")}"),
            ("reconciliations", "/admin/reconciliations"),
            ("reconciliation run", $"/admin/reconciliations/{runId}"),
            ("sign-in page", "/admin/login"),
        };

        var table = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"| page | p50 | p95 | p99 | max | bytes | under {GoalMs:F0} ms (p99)? |")
            .AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (name, path) in pages)
        {
            for (var i = 0; i < Warmup; i++) await FetchAsync(browser, path);
            var times = new double[Samples];
            var bytes = 0;
            for (var i = 0; i < Samples; i++) (times[i], bytes) = await FetchAsync(browser, path);
            Array.Sort(times);
            var p99 = SignupBenchmarks.Percentile(times, 0.99);
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} (`{Regex.Replace(path, "[0-9a-f]{8}-[0-9a-f-]{27}", "{id}")}`) | {SignupBenchmarks.Percentile(times, 0.50):F1} ms | {SignupBenchmarks.Percentile(times, 0.95):F1} ms | {p99:F1} ms | {times[^1]:F1} ms | {bytes:N0} | {(p99 < GoalMs ? "yes" : "**no**")} |");
        }
        return table.ToString();
    }

    private static async Task<(double Ms, int Bytes)> FetchAsync(HttpClient browser, string path)
    {
        var clock = Stopwatch.StartNew();
        using var response = await browser.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        clock.Stop();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}");
        return (clock.Elapsed.TotalMilliseconds, body.Length);
    }

    /// <summary>A signed-in console session: the sign-in form posted with its anti-forgery token, the cookies kept.</summary>
    private static async Task<HttpClient> SignInAsync(string baseUrl, string adminKey)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        var token = Token().Match(await http.GetStringAsync("/admin/login")).Groups[1].Value;
        using var signIn = await http.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["apiKey"] = adminKey, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }));
        if (signIn.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"console sign-in answered {(int)signIn.StatusCode}");
        return http;
    }

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    [GeneratedRegex(@"after=([0-9]+\.[0-9a-f]{32})""", RegexOptions.CultureInvariant)]
    private static partial Regex NextCursor();
}
