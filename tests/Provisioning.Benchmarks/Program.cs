using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using Provisioning.Testing.Emulator;
using Provisioning.Testing.Postgres;
using Provisioning.Testing.Service;

// Benchmarks a platform team asks for (docs/benchmarks.md). Scenarios:
//   burst          1,000 signups on 1 worker process × 5 Hangfire workers, 10,000 by batch on 2 processes, vs Twilio's limit;
//                  CPU per tenant of the service and of PostgreSQL, PostgreSQL's work per tenant (--pg-stat-statements:
//                  its top statements; --perf-record FILE: a CPU profile of the worker process)
//   signups        the signup API under load, signup-to-Ready, 1,000 signups with 1, 2 and 4 worker processes
//   reconciliation N tenants across ~N/10 accounts (the first --api-signups placed by the service itself, the rest
//                  copies of one of its subaccounts: PoolCloner), then one full reconciliation
//   gateway        the latency the memory gateway adds to a data-plane call at 200 req/s
//   console        the same N tenants, then each admin console page's answer time (ConsoleBenchmarks)
// Writes a Markdown section (machine, date, commit, command, results) to stdout and to --out.
var scenario = ArgumentText("--scenario", "all");
var tenants = Argument("--tenants", 10_000);
var throughputSignups = Argument("--signups", 1000);
var loadSeconds = Argument("--load-seconds", 10);
var latencyMs = Argument("--latency-ms", 20);
var output = ArgumentText("--out", null);
var concurrency = Argument("--concurrency", 8);
// Reconciliation signs up this many through the API and copies the rest (PoolCloner); the console signs all up.
var apiSignups = Math.Min(tenants, Argument("--api-signups", scenario is "console" ? tenants : 50));
var workerProcesses = ArgumentText("--worker-processes", "1,2,4")!.Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray();
const string AdminKey = "bench-admin-key";

await using var postgres = await PostgresServer.StartLocalClusterAsync();
// --pg-stat-statements: the cluster preloads pg_stat_statements (a restart), and the burst reports its top statements.
var pgStatStatements = args.Contains("--pg-stat-statements");
if (pgStatStatements)
{
    // Unpooled: the restart below ends this session, and a pooled one would be handed out again broken.
    await using (var connection = new NpgsqlConnection(postgres.ConnectionString + ";Pooling=false"))
    {
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("alter system set shared_preload_libraries = 'pg_stat_statements'", connection);
        await command.ExecuteNonQueryAsync();
    }
    await postgres.StopAsync();
    await postgres.StartAgainAsync();
}
var report = new StringBuilder()
    .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; date {DateTime.UtcNow:yyyy-MM-dd}; commit {Git("rev-parse --short HEAD")};")
    .AppendLine(CultureInfo.InvariantCulture, $"command: `dotnet run -c Release --project tests/Provisioning.Benchmarks -- {string.Join(' ', args)}`")
    .AppendLine();

var commonSettings = new Dictionary<string, string?>
{
    ["Database:MigrateOnStartup"] = "true",
    // Measured processes protect their key ring as production would.
    ["DataProtection:CertificatePath"] = Provisioning.Testing.Security.TestCertificate.Path,
    ["DataProtection:CertificatePassword"] = Provisioning.Testing.Security.TestCertificate.Password,
    ["Gateway:Issuer"] = "https://provisioning.benchmarks.example",
    ["Auth:ApiKeys:0:Name"] = "bench",
    ["Auth:ApiKeys:0:Role"] = "Admin",
    ["Auth:ApiKeys:0:Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AdminKey))),
    ["Logging:LogLevel:Default"] = "Warning",
    ["Twilio:ConsistencyWindow"] = "00:00:00",
    // The benchmarks sign up to 11,000 tenants through one key (a batch costs a signup permit per item): past the
    // default per-key signup budget and tenant quota, which are not what is measured.
    ["RateLimits:SignupsPerMinute"] = "1000000",
    ["Provisioning:MaxTenants"] = "1000000",
    // Several measured processes share the machine: each serves /metrics on its own public port (scraped for Twilio call counts).
    ["Telemetry:MetricsPort"] = "",
};
// --setting KEY=VALUE (repeatable): one more setting (or DOTNET_… variable) for every service process, for experiments.
for (var at = Array.IndexOf(args, "--setting"); at >= 0 && at + 1 < args.Length; at = Array.IndexOf(args, "--setting", at + 1))
{
    var setting = args[at + 1].Split('=', 2);
    if (setting.Length != 2) throw new ArgumentException($"--setting takes KEY=VALUE, not {args[at + 1]}");
    commonSettings[setting[0]] = setting[1];
}

if (scenario is "burst" or "all")
{
    // --perf-record FILE: perf samples the (first) worker process's CPU during the burst, JIT frames named through perf maps.
    var burst = new Provisioning.Benchmarks.SignupBenchmarks(postgres, commonSettings, AdminKey)
    {
        PgStatStatements = pgStatStatements,
        PerfRecordPath = ArgumentText("--perf-record", null),
        WarmupSignups = Argument("--warmup-signups", 0),
        ConnectionOptions = ArgumentText("--connection-options", null),
        WorkerLogPath = ArgumentText("--worker-log", null),
    };
    var parallelSubaccounts = Argument("--parallel-subaccounts", 8);
    var burstReport = new StringBuilder().AppendLine("### Signup bursts (waits hold no worker)").AppendLine()
        .AppendLine("| measure | result |").AppendLine("|---|---|");
    var databaseWork = new StringBuilder();
    foreach (var (signupCount, processes) in new[] { (Argument("--burst-signups", 1000), 1), (Argument("--batch-signups", 10_000), 2) }.Where(b => b.Item1 > 0))
    {
        burstReport.Append(await burst.RunBurstAsync(signupCount, workerProcesses: processes, hangfireWorkers: 5, emulatorConcurrencyPerAccount: 10, parallelSubaccounts));
        databaseWork.AppendLine(CultureInfo.InvariantCulture, $"{signupCount:N0} signups, {processes} worker process(es):").AppendLine().Append(burst.DatabaseWork);
    }
    burstReport.AppendLine().Append(databaseWork);
    report.Append(burstReport);
    Console.WriteLine(burstReport);
}

if (scenario is "signups" or "all" or "api" or "throughput" or "ready")
{
    var signups = new Provisioning.Benchmarks.SignupBenchmarks(postgres, commonSettings, AdminKey);
    report.AppendLine("### Signups").AppendLine()
        .AppendLine(CultureInfo.InvariantCulture, $"Emulator: {Provisioning.Benchmarks.SignupBenchmarks.LatencyMs} ms per call, store operations done after {Provisioning.Benchmarks.SignupBenchmarks.StoreOperationMs} ms, configuration operations after {Provisioning.Benchmarks.SignupBenchmarks.ConfigurationOperationMs} ms, Retry-After {Provisioning.Benchmarks.SignupBenchmarks.RetryAfterSeconds} s.")
        .AppendLine().AppendLine("| measure | result |").AppendLine("|---|---|");
    if (scenario is "signups" or "all" or "api")
        report.Append(await signups.RunApiLoadAsync(postRate: 500, getRate: 2000, TimeSpan.FromSeconds(loadSeconds)));
    if (scenario is "signups" or "all" or "ready")
        report.Append((await signups.RunSignupToReadyAsync(20)).Table);
    if (scenario is "signups" or "all" or "throughput")
        foreach (var workers in workerProcesses)
            report.Append(await signups.RunThroughputAsync(throughputSignups, workers));
    report.AppendLine();
    Console.WriteLine(report);
}

if (scenario is "gateway" or "all")
{
    var gateway = new Provisioning.Benchmarks.GatewayBenchmarks(new Provisioning.Benchmarks.SignupBenchmarks(postgres, commonSettings, AdminKey));
    var gatewayReport = new StringBuilder().AppendLine("### Memory gateway").AppendLine()
        .AppendLine("Emulator with no added latency (so the difference is the gateway's own work); service and emulator are separate processes on the same machine.")
        .AppendLine().AppendLine("| measure | result |").AppendLine("|---|---|")
        .Append(await gateway.RunAsync(ratePerSecond: Argument("--gateway-rate", 200), TimeSpan.FromSeconds(loadSeconds), rounds: 3))
        .AppendLine();
    report.Append(gatewayReport);
    Console.WriteLine(gatewayReport);
}

if (scenario is not ("reconciliation" or "console" or "all"))
{
    if (output is not null) await File.WriteAllTextAsync(output, report.ToString());
    return 0;
}

var connectionString = await postgres.CreateDatabaseAsync();
await using var emulator = new TwilioEmulatorHost(o =>
{
    o.OperationDelayMs = 0;
    o.StoreActivationDelayMs = 0;
    o.ConfigurationOperationDelayMs = 0;
    o.EventualConsistencyWindowMs = 0;
    o.RetryAfterSeconds = 0;
    o.RequestLogCapacity = 1000;
});
await emulator.InitializeAsync();

// The signup scenarios' settings (a protected key ring, the bench key, quiet logs), and the run's own.
var settings = new Dictionary<string, string?>(commonSettings)
{
    ["ConnectionStrings:Provisioning"] = connectionString + ";Maximum Pool Size=200",
    ["Twilio:AccountSid"] = emulator.ParentAccountSid,
    ["Twilio:AuthToken"] = emulator.ParentAuthToken,
    ["Twilio:ApiBaseUrl"] = emulator.BaseUrl,
    ["Twilio:MemoryBaseUrl"] = emulator.BaseUrl,
    ["Twilio:ConversationsBaseUrl"] = emulator.BaseUrl,
    ["Provisioning:PollInterval"] = "00:00:00.020",
    ["Jobs:WorkerCount"] = "40",
    ["AccountPool:HeadroomSlots"] = "15",
    ["Reconciliation:MaxConcurrentAccounts"] = concurrency.ToString(CultureInfo.InvariantCulture),
    // Past 10,010 tenants one parent's 1,000 subaccounts do not suffice; reconciliation's work per account is the same.
    ["Twilio:MaxSubaccounts"] = "100000",
};

// 1. Seed through the service itself: real signups, real subaccounts, real encrypted keys; then copies of those.
var seedClock = Stopwatch.StartNew();
await using (var seeder = await ServiceProcess.StartAsync(settings))
{
    using var http = seeder.CreateClient(AdminKey);
    await Parallel.ForEachAsync(Enumerable.Range(0, apiSignups), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        (await http.PostAsJsonAsync("/v1/tenants", new { clientId = $"t{i:D6}" }, ct)).EnsureSuccessStatusCode());
    while (await CountAsync("select count(*) from tenants where status = 'Ready'") < apiSignups)
    {
        if (await CountAsync("select count(*) from tenants where status = 'Failed'") > 0) throw new InvalidOperationException("a tenant failed while seeding");
        await Task.Delay(1000);
    }
    // Every signup may enqueue a headroom check; left queued, thousands of them would run in the measured process
    // ahead of the reconciliation job.
    for (var deadline = DateTime.UtcNow.AddSeconds(120); DateTime.UtcNow < deadline
         && await CountAsync("select count(*) from hangfire.job where statename in ('Enqueued', 'Processing')") > 0;)
        await Task.Delay(500);
}
var apiSeeding = seedClock.Elapsed;
var cloned = await Provisioning.Benchmarks.PoolCloner.GrowToAsync(connectionString, emulator, tenants);
seedClock.Stop();
var accounts = await CountAsync("select count(*) from pool_accounts");

if (scenario is "console")
{
    report.AppendLine(CultureInfo.InvariantCulture, $"### Admin console: {tenants:N0} tenants, {accounts} accounts ({Provisioning.Benchmarks.ConsoleBenchmarks.Samples} requests a page, one at a time, after {Provisioning.Benchmarks.ConsoleBenchmarks.Warmup} to warm up)")
        .AppendLine().Append(await Provisioning.Benchmarks.ConsoleBenchmarks.RunAsync(settings, AdminKey)).AppendLine()
        .AppendLine(CultureInfo.InvariantCulture, $"Seeding {tenants:N0} signups to Ready (0 ms emulator latency): {seedClock.Elapsed.TotalSeconds:F0} s.");
    Console.WriteLine(report);
    if (output is not null) await File.WriteAllTextAsync(output, report.ToString());
    return 0;
}

// 2. A fresh service process, Twilio at the configured latency, one reconciliation.
await emulator.UpdateSettingsAsync(o => o.LatencyMs = latencyMs);
await using var service = await ServiceProcess.StartAsync(settings);
using var admin = service.CreateClient(AdminKey);
var baseline = service.Memory();
var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
var cpuBefore = (Service: Provisioning.Benchmarks.CpuTimes.OfProcess(service.ProcessId), Harness: Process.GetCurrentProcess().TotalProcessorTime,
    Postgres: Provisioning.Benchmarks.CpuTimes.OfPostgresBackends(database));
var clock = Stopwatch.StartNew();
using var start = await admin.PostAsJsonAsync("/v1/reconciliations", new { dryRun = false });
var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
JsonElement run;
long runPeak = 0;
while (true)
{
    run = (await admin.GetFromJsonAsync<JsonElement>($"/v1/reconciliations/{id}?limit=1")).GetProperty("run");
    runPeak = Math.Max(runPeak, service.Memory()?.CurrentBytes ?? 0);
    if (run.GetProperty("status").GetString() != "Running") break;
    await Task.Delay(200);
}
clock.Stop();
var memory = service.Memory();
var cpu = (Service: Provisioning.Benchmarks.CpuTimes.OfProcess(service.ProcessId) - cpuBefore.Service,
    Harness: Process.GetCurrentProcess().TotalProcessorTime - cpuBefore.Harness,
    Postgres: Provisioning.Benchmarks.CpuTimes.OfPostgresBackends(database) - cpuBefore.Postgres);

var calls = run.GetProperty("twilioCalls").GetInt64();
var wall = run.GetProperty("durationSeconds").GetDouble();
// The run's floor: every call at the emulator's latency, `concurrency` accounts' calls in flight at once.
var limit = calls * latencyMs / 1000.0 / concurrency;
report
    .AppendLine(CultureInfo.InvariantCulture, $"### Reconciliation: {tenants:N0} tenants, {accounts:N0} accounts, {latencyMs} ms per Twilio call, {concurrency} accounts at a time")
    .AppendLine()
    .AppendLine("| measure | value |")
    .AppendLine("|---|---|")
    .AppendLine(CultureInfo.InvariantCulture, $"| run status | {run.GetProperty("status").GetString()}, {run.GetProperty("findingsTotal").GetInt32()} findings |")
    .AppendLine(CultureInfo.InvariantCulture, $"| Twilio calls | {calls:N0} ({(double)calls / accounts:F2} per account) |")
    .AppendLine(CultureInfo.InvariantCulture, $"| limit: calls × latency / concurrency | {limit:F1} s |")
    .AppendLine(CultureInfo.InvariantCulture, $"| wall time of the run | {wall:F1} s (client-observed {clock.Elapsed.TotalSeconds:F1} s) |")
    .AppendLine(CultureInfo.InvariantCulture, $"| ratio wall / limit (target ≤ 2) | {wall / limit:F2} |")
    .AppendLine(CultureInfo.InvariantCulture, $"| CPU during the run: service, harness (the emulator), PostgreSQL | {cpu.Service.TotalSeconds:F1} s, {cpu.Harness.TotalSeconds:F1} s, {cpu.Postgres.TotalSeconds:F1} s ({cpu.Service.TotalMilliseconds / accounts:F1}, {cpu.Harness.TotalMilliseconds / accounts:F1}, {cpu.Postgres.TotalMilliseconds / accounts:F1} ms per account) |")
    .AppendLine(CultureInfo.InvariantCulture, $"| service RSS before the run | {Mb(baseline?.CurrentBytes)} |")
    .AppendLine(CultureInfo.InvariantCulture, $"| service RSS during the run, highest sample (every 200 ms) | {Mb(runPeak)} |")
    .AppendLine(CultureInfo.InvariantCulture, $"| service peak RSS (process lifetime, VmHWM; target < 300 MB) | {Mb(memory?.PeakBytes)} |")
    .AppendLine(CultureInfo.InvariantCulture, $"| seeding | {apiSignups:N0} signups to Ready through the API (0 ms latency) in {apiSeeding.TotalSeconds:F0} s, {cloned:N0} tenants copied in {(seedClock.Elapsed - apiSeeding).TotalSeconds:F1} s |");
Console.WriteLine(report);
if (output is not null) await File.WriteAllTextAsync(output, report.ToString());
return 0;

async Task<long> CountAsync(string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    return (long)(await command.ExecuteScalarAsync())!;
}

int Argument(string name, int fallback) => ArgumentText(name, null) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? ArgumentText(string name, string? fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

static string Mb(long? bytes) => bytes is { } b ? $"{b / 1024.0 / 1024.0:F0} MB" : "n/a";

static string Git(string arguments)
{
    try
    {
        using var git = Process.Start(new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var text = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return text;
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return "unknown";
    }
}
