using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using Provisioning.Testing.Postgres;
using Provisioning.Testing.Service;

namespace Provisioning.Benchmarks;

/// <summary>
/// Signup benchmarks with PostgreSQL, the emulator and every service process as separate processes: the signup
/// API under an open-loop load, signup-to-Ready on an idle service, and 1,000 signups with 1, 2 and 4 workers.
/// </summary>
internal sealed class SignupBenchmarks(PostgresServer postgres, IReadOnlyDictionary<string, string?> baseSettings, string adminKey)
{
    // Twilio as modelled by the issue: 150 ms per call, store operations done after 1 s, configuration after 0.5 s.
    public const int LatencyMs = 150;
    public const int StoreOperationMs = 1000;
    public const int ConfigurationOperationMs = 500;
    public const int RetryAfterSeconds = 1;
    public const int WorkersPerProcess = 20;

    /// <summary>
    /// The emulator's own chain for one tenant: list, create, (Retry-After) poll, fetch, configuration create,
    /// (Retry-After) poll: 6 calls and two Retry-After waits, as no operation ends before its first poll.
    /// </summary>
    public static readonly TimeSpan Chain = TimeSpan.FromMilliseconds(6 * LatencyMs + 2 * RetryAfterSeconds * 1000);

    public const int MinimumCalls = 6;

    public async Task<string> RunApiLoadAsync(int postRate, int getRate, TimeSpan duration)
    {
        await using var emulator = await StartEmulatorAsync(latencyMs: 0);
        var settings = await SettingsAsync(emulator, role: "Api");
        await using var api = await ServiceProcess.StartAsync(settings);
        using var http = Client(api);

        // Warm up (JIT, connection pools, PostgreSQL caches) before anything is measured.
        await OpenLoop.RunAsync(http, 100, TimeSpan.FromSeconds(3), i =>
            new HttpRequestMessage(HttpMethod.Post, "/v1/tenants") { Content = JsonContent.Create(new { clientId = $"warm-{i:D6}" }) });
        await OpenLoop.RunAsync(http, 200, TimeSpan.FromSeconds(2), i => new HttpRequestMessage(HttpMethod.Get, $"/v1/tenants/warm-{i % 300:D6}"));

        var post = await OpenLoop.RunAsync(http, postRate, duration, i =>
            new HttpRequestMessage(HttpMethod.Post, "/v1/tenants") { Content = JsonContent.Create(new { clientId = $"load-{i:D6}" }) });
        var created = (int)Math.Min(post.Sent, 100_000);
        var get = await OpenLoop.RunAsync(http, getRate, duration, i =>
            new HttpRequestMessage(HttpMethod.Get, $"/v1/tenants/load-{i % created:D6}"));

        return new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"| `POST /v1/tenants` at {postRate}/s for {duration.TotalSeconds:F0} s | {post} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| `GET /v1/tenants/{{clientId}}` at {getRate}/s for {duration.TotalSeconds:F0} s | {get} |")
            .ToString();
    }

    public async Task<(string Table, double P50Overhead)> RunSignupToReadyAsync(int signups)
    {
        await using var emulator = await StartEmulatorAsync(LatencyMs);
        var settings = await SettingsAsync(emulator, role: "All");
        await using var service = await ServiceProcess.StartAsync(settings);
        using var http = Client(service);

        for (var i = 0; i <= signups; i++) // the first one warms up (the parent joins the pool)
        {
            (await http.PostAsJsonAsync("/v1/tenants", new { clientId = $"idle-{i:D3}" })).EnsureSuccessStatusCode();
            while (await ScalarAsync<long>(settings, $"select count(*) from tenants where client_id = 'idle-{i:D3}' and status = 'Ready'") == 0)
                await Task.Delay(20);
        }
        var durations = (await ListAsync<double>(settings,
            "select extract(epoch from ready_at - created_at)::float8 from tenants where client_id <> 'idle-000' order by 1")).ToArray();
        var p50 = Percentile(durations, 0.50);
        var p99 = Percentile(durations, 0.99);
        var chain = Chain.TotalSeconds;
        // Where the slowest one spent its time: each recorded step, in ms after its signup. (The runner records no claim
        // time and no Hangfire job runs a tenant any more: the store create is the first step the row records.)
        var slowest = await ListAsync<string>(settings, """
            select concat_ws(', ',
              t.client_id,
              'store create sent +' || round(extract(epoch from t.store_create_requested_at - t.created_at) * 1000),
              'store active +' || round(extract(epoch from t.memory_store_active_at - t.created_at) * 1000),
              'configuration sent +' || round(extract(epoch from t.configuration_requested_at - t.created_at) * 1000),
              'Ready +' || round(extract(epoch from t.ready_at - t.created_at) * 1000),
              'Twilio calls ' || t.twilio_calls, 'failed attempts ' || t.failed_attempts, 'last error ' || t.last_error)
            from tenants t where t.client_id <> 'idle-000' order by t.ready_at - t.created_at desc limit 1
            """);

        var table = string.Create(CultureInfo.InvariantCulture,
            $"| signup to Ready, {signups} single signups on an idle service | p50 {p50:F2} s, p99 {p99:F2} s; emulator chain {chain:F2} s; overhead p50 {(p50 - chain) * 1000:F0} ms, p99 {(p99 - chain) * 1000:F0} ms; slowest (ms after signup): {slowest.Single()} |\n");
        return (table, p50 - chain);
    }

    public async Task<string> RunThroughputAsync(int signups, int workerProcesses)
    {
        await using var emulator = await StartEmulatorAsync(LatencyMs);
        var settings = await SettingsAsync(emulator, role: "Api");
        await using var api = await ServiceProcess.StartAsync(settings);
        var workers = new List<ServiceProcess>();
        try
        {
            await StartWorkersAsync(settings, workerProcesses, workers);

            using var http = Client(api);
            var clock = Stopwatch.StartNew();
            // As a well-behaved control plane does: the signup rate limit's 429 is waited out for its Retry-After.
            await Parallel.ForEachAsync(Enumerable.Range(0, signups), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            {
                while (true)
                {
                    using var response = await http.PostAsJsonAsync("/v1/tenants", new { clientId = $"tp-{i:D5}" }, ct);
                    if (response.StatusCode != System.Net.HttpStatusCode.TooManyRequests)
                    {
                        response.EnsureSuccessStatusCode();
                        return;
                    }
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(100), ct);
                }
            });
            while (await ScalarAsync<long>(settings, "select count(*) from tenants where status = 'Ready'") < signups)
            {
                if (clock.Elapsed > TimeSpan.FromMinutes(15)) throw new TimeoutException("signups did not finish");
                await Task.Delay(500);
            }

            var span = await ScalarAsync<double>(settings, "select extract(epoch from max(ready_at) - min(created_at))::float8 from tenants");
            var calls = await ListAsync<int>(settings, "select twilio_calls from tenants");
            var perMinute = signups / span * 60;
            var limit = workerProcesses * WorkersPerProcess / Chain.TotalSeconds * 60;
            var accounts = await ScalarAsync<long>(settings, "select count(*) from pool_accounts");
            var byEndpoint = await CallsByEndpointAsync(workers);
            return string.Create(CultureInfo.InvariantCulture,
                $"| {signups:N0} signups, {workerProcesses} worker process(es) × {WorkersPerProcess} workers | {span:F0} s; {perMinute:F0} tenants/min; {perMinute / limit:F1}× what sagas on {WorkersPerProcess} Hangfire workers per process could do ({limit:F0}/min); Twilio calls per tenant avg {calls.Average():F2}, max {calls.Max()} (minimum {MinimumCalls}: avg is {calls.Average() / MinimumCalls:F2}×); {accounts} accounts |\n" +
                $"| — Twilio calls of those signups by endpoint (all worker processes) | {byEndpoint} |\n");
        }
        finally
        {
            foreach (var worker in workers) await worker.DisposeAsync();
        }
    }

    /// <summary>Burst: install pg_stat_statements in the run's database and report its top statements (the cluster must preload it).</summary>
    public bool PgStatStatements { get; init; }

    /// <summary>Burst: record the worker process with <c>perf record -g</c> into this file while the burst runs (JIT frames through perf maps).</summary>
    public string? PerfRecordPath { get; init; }

    /// <summary>
    /// Burst: this many signups first (<c>warm-…</c>), in the same processes, run to Ready before anything is measured, so
    /// that the burst's CPU per tenant is the steady state's and not the fresh processes' JIT and first-use costs.
    /// </summary>
    public int WarmupSignups { get; init; }

    /// <summary>Burst: the worker processes' console output (warnings and errors) is written to this file.</summary>
    public string? WorkerLogPath { get; init; }

    /// <summary>Appended to the service processes' connection string (an experiment: e.g. <c>No Reset On Close=true</c>).</summary>
    public string? ConnectionOptions { get; init; }

    /// <summary>Burst: what PostgreSQL did per tenant (statement counts and the top statements), a Markdown table; after each burst.</summary>
    public string? DatabaseWork { get; private set; }

    /// <summary>Twilio calls that make one subaccount: look for one a lost reply left (A1), create it (A2), make our key in it.</summary>
    public const int SubaccountCalls = 3;

    /// <summary>
    /// A burst: <paramref name="signups"/> through <c>POST /v1/tenants:batch</c>, run by <paramref name="workerProcesses"/>
    /// worker processes of <paramref name="hangfireWorkers"/> Hangfire workers each, Twilio at 150 ms a call with 1 s
    /// operations and at most <paramref name="emulatorConcurrencyPerAccount"/> requests in flight per account. The
    /// limit is what Twilio allows: the tenant's own chain, after the subaccounts the burst needs (made
    /// <paramref name="parallelSubaccounts"/> at a time), or the calls over the concurrency Twilio grants the accounts,
    /// whichever is longer.
    /// </summary>
    public async Task<string> RunBurstAsync(int signups, int workerProcesses, int hangfireWorkers, int emulatorConcurrencyPerAccount, int parallelSubaccounts)
    {
        const int operationMs = 1000;
        await using var emulator = await StartEmulatorAsync(LatencyMs, configurationOperationMs: operationMs, maxConcurrentRequestsPerAccount: emulatorConcurrencyPerAccount);
        var settings = await SettingsAsync(emulator, role: "Api");
        settings["Jobs:WorkerCount"] = hangfireWorkers.ToString(CultureInfo.InvariantCulture);
        // The service's own global cap would bind first at 100; the burst is about what Twilio allows.
        settings["Twilio:MaxConcurrentRequests"] = "2000";
        settings["Twilio:MaxConcurrentRequestsPerAccount"] = emulatorConcurrencyPerAccount.ToString(CultureInfo.InvariantCulture);
        settings["AccountPool:MaxParallelSubaccountCreations"] = parallelSubaccounts.ToString(CultureInfo.InvariantCulture);
        await using var api = await ServiceProcess.StartAsync(settings);
        var workers = new List<ServiceProcess>();
        try
        {
            // perf names JIT-compiled frames from the runtime's perf map, for code outside W^X's double mapping.
            if (PerfRecordPath is not null) (settings["DOTNET_PerfMapEnabled"], settings["DOTNET_EnableWriteXorExecute"]) = ("1", "0");
            await StartWorkersAsync(settings, workerProcesses, workers);
            settings.Remove("DOTNET_PerfMapEnabled");
            settings.Remove("DOTNET_EnableWriteXorExecute");

            using var http = Client(api);
            http.Timeout = TimeSpan.FromMinutes(2);
            if (WarmupSignups > 0)
            {
                (await http.PostAsJsonAsync("/v1/tenants:batch", new { tenants = Enumerable.Range(0, WarmupSignups).Select(i => new { clientId = $"warm-{i:D6}" }) })).EnsureSuccessStatusCode();
                var warming = Stopwatch.StartNew();
                while (await ScalarAsync<long>(settings, "select count(*) from tenants where status = 'Ready'") < WarmupSignups)
                {
                    if (warming.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException("warm-up signups did not finish");
                    await Task.Delay(250);
                }
            }

            // CPU per tenant is counted from here to the last Ready: the processes' start-up (JIT, migrations) is not the
            // tenants' work. PostgreSQL's statistics reach pg_stat_database only when a backend goes idle for a while
            // (PostgreSQL 15 flushes an idle backend's within 10 s), so the counters are read after a quiet 11 s.
            if (PgStatStatements) await ExecuteAsync(settings, "create extension if not exists pg_stat_statements");
            await Task.Delay(TimeSpan.FromSeconds(11));
            var countersBefore = await DatabaseCountersAsync(settings);
            if (PgStatStatements) await ExecuteAsync(settings, "select pg_stat_statements_reset()");
            var cpuBefore = (Workers: workers.Sum(w => CpuTimes.OfProcess(w.ProcessId).TotalSeconds), Api: CpuTimes.OfProcess(api.ProcessId).TotalSeconds,
                Emulator: CpuTimes.OfProcess(emulator.ProcessId).TotalSeconds, Postgres: CpuTimes.OfPostgresCluster().TotalSeconds);
            using var perf = PerfRecordPath is null ? null
                : Process.Start(new ProcessStartInfo("perf", ["record", "-F", "499", "-g", "-o", PerfRecordPath, "-p", workers[0].ProcessId.ToString(CultureInfo.InvariantCulture)])
                    { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true });

            var clock = Stopwatch.StartNew();
            foreach (var chunk in Enumerable.Range(0, signups).Chunk(1000))
                (await http.PostAsJsonAsync("/v1/tenants:batch", new { tenants = chunk.Select(i => new { clientId = $"burst-{i:D6}" }) })).EnsureSuccessStatusCode();
            var submitted = clock.Elapsed;
            while (await ScalarAsync<long>(settings, "select count(*) from tenants where status = 'Ready'") < signups + WarmupSignups)
            {
                if (clock.Elapsed > TimeSpan.FromMinutes(30)) throw new TimeoutException("signups did not finish");
                await Task.Delay(250);
            }
            var cpuBurst = (Workers: workers.Sum(w => CpuTimes.OfProcess(w.ProcessId).TotalSeconds) - cpuBefore.Workers, Api: CpuTimes.OfProcess(api.ProcessId).TotalSeconds - cpuBefore.Api,
                Emulator: CpuTimes.OfProcess(emulator.ProcessId).TotalSeconds - cpuBefore.Emulator, Postgres: CpuTimes.OfPostgresCluster().TotalSeconds - cpuBefore.Postgres);
            var measured = clock.Elapsed;
            var loadAverage = LoadAverage();
            if (perf is not null)
            {
                using (var interrupt = Process.Start("kill", ["-INT", perf.Id.ToString(CultureInfo.InvariantCulture)])) await interrupt.WaitForExitAsync();
                await perf.WaitForExitAsync();
            }
            await Task.Delay(TimeSpan.FromSeconds(11));
            DatabaseWork = await DatabaseWorkAsync(settings, countersBefore, signups);

            // The burst's own tenants and the subaccounts made for them (a warm-up's came before).
            var span = await ScalarAsync<double>(settings, "select extract(epoch from max(ready_at) - min(created_at))::float8 from tenants where client_id like 'burst-%'");
            var calls = await ListAsync<int>(settings, "select twilio_calls from tenants where client_id like 'burst-%'");
            var failedAttempts = await ScalarAsync<long>(settings, "select coalesce(sum(failed_attempts), 0)::int8 from tenants where client_id like 'burst-%'");
            var accounts = (int)await ScalarAsync<long>(settings, "select count(*) from pool_accounts");
            var subaccounts = (int)await ScalarAsync<long>(settings,
                "select count(*) from pool_accounts where not is_parent and created_at >= (select min(created_at) from tenants where client_id like 'burst-%')");
            var waves = (int)Math.Ceiling(subaccounts / (double)parallelSubaccounts);
            var subaccountPath = TimeSpan.FromMilliseconds(waves * SubaccountCalls * LatencyMs);
            var chain = TimeSpan.FromMilliseconds(6 * LatencyMs + 2 * Math.Max(RetryAfterSeconds * 1000, operationMs));
            var byConcurrency = TimeSpan.FromMilliseconds(calls.Sum() * (double)LatencyMs / (accounts * emulatorConcurrencyPerAccount));
            var limit = chain + subaccountPath > byConcurrency ? chain + subaccountPath : byConcurrency;
            var byEndpoint = await CallsByEndpointAsync(workers);
            // Runs the tenant runner saw fail on our own side (a conflicting save, the database) and made due again:
            // each is a tenant run twice. (Only the runner logs this; before it, 0 says nothing.)
            var failures = workers.SelectMany(w => w.Output.Split('\n')).Where(l => l.Contains("failed; due again in", StringComparison.Ordinal)).ToList();
            var failedRuns = failures.Count;
            var concurrencyFailures = failures.Count(l => l.Contains("DbUpdateConcurrencyException", StringComparison.Ordinal));
            if (WorkerLogPath is not null) await File.WriteAllTextAsync(WorkerLogPath, string.Join("\n", workers.Select(w => w.Output)));
            // Where the time went: each milestone of the tenants (p50 / p90 / last), in seconds after the first signup.
            var milestones = string.Join("; ", await ListAsync<string>(settings, """
                with b as (select * from tenants where client_id like 'burst-%'),
                t0 as (select min(created_at) as t0 from b),
                m as (
                  select 'signed up' as name, 1 as o, created_at as at from b union all
                  select 'store create sent', 2, store_create_requested_at from b union all
                  select 'store active', 3, memory_store_active_at from b union all
                  select 'configuration sent', 4, configuration_requested_at from b union all
                  select 'Ready', 5, ready_at from b union all
                  select 'subaccount added', 0, created_at from pool_accounts where not is_parent and created_at >= (select t0 from t0))
                select name || ' ' || to_char(percentile_cont(0.5) within group (order by extract(epoch from at - t0)), 'FM990.0') || ' / '
                  || to_char(percentile_cont(0.9) within group (order by extract(epoch from at - t0)), 'FM990.0') || ' / '
                  || to_char(max(extract(epoch from at - t0)), 'FM990.0') || ' s'
                from m, t0 group by name, o order by o
                """));
            // The processes started for this run: their CPU seconds say whether the wall time was the machine's cores.
            var database = new NpgsqlConnectionStringBuilder(settings["ConnectionStrings:Provisioning"]).Database!;
            var cpu = (Workers: workers.Sum(w => CpuTimes.OfProcess(w.ProcessId).TotalSeconds), Api: CpuTimes.OfProcess(api.ProcessId).TotalSeconds,
                Emulator: CpuTimes.OfProcess(emulator.ProcessId).TotalSeconds, Postgres: CpuTimes.OfPostgresBackends(database).TotalSeconds);
            return string.Create(CultureInfo.InvariantCulture,
                $"| {signups:N0} signups by `POST /v1/tenants:batch` (submitted in {submitted.TotalSeconds:F1} s{(WarmupSignups > 0 ? $", after {WarmupSignups:N0} warm-up signups in the same processes" : "")}), {workerProcesses} worker process(es) × {hangfireWorkers} Hangfire workers, Twilio {emulatorConcurrencyPerAccount} in flight per account | **{span:F1} s**; limit {limit.TotalSeconds:F1} s = max(chain {chain.TotalSeconds:F1} s + {subaccounts} subaccounts in {waves} waves of {parallelSubaccounts} × {SubaccountCalls} calls {subaccountPath.TotalSeconds:F1} s, {calls.Sum():N0} calls × {LatencyMs} ms / ({accounts} accounts × {emulatorConcurrencyPerAccount}) {byConcurrency.TotalSeconds:F1} s); **ratio {span / limit.TotalSeconds:F2}**; Twilio calls per tenant avg {calls.Average():F2}; failed attempts {failedAttempts}; Hangfire-worker design would need ≈ {signups / (double)(workerProcesses * hangfireWorkers) * chain.TotalSeconds:F0} s |\n" +
                $"| — milestones after the first signup (p50 / p90 / last) | {milestones} |\n" +
                $"| — CPU of the run's processes over their lives, start-up included (the machine has {Environment.ProcessorCount} cores × {span:F0} s = {Environment.ProcessorCount * span:F0} core-s) | worker process(es) {cpu.Workers:F1} s, API {cpu.Api:F1} s, emulator {cpu.Emulator:F1} s, PostgreSQL backends still open {cpu.Postgres:F1} s |\n" +
                $"| — **CPU per tenant** from the submission to the last Ready ({measured.TotalSeconds:F1} s; load average at the end {loadAverage}) | **service {(cpuBurst.Workers + cpuBurst.Api) * 1000 / signups:F1} ms** (worker process(es) {cpuBurst.Workers * 1000 / signups:F1} ms, API {cpuBurst.Api * 1000 / signups:F1} ms); **PostgreSQL {cpuBurst.Postgres * 1000 / signups:F1} ms** (the whole cluster: backends, closed ones too, and background processes); emulator {cpuBurst.Emulator * 1000 / signups:F1} ms; in all {cpuBurst.Workers + cpuBurst.Api + cpuBurst.Postgres:F1} s of service and PostgreSQL |\n" +
                $"| — runs that failed on our side and were made due again (the worker's log{(WarmupSignups > 0 ? ", the warm-up's included" : "")}) | {failedRuns} ({concurrencyFailures} of them a `DbUpdateConcurrencyException`) |\n" +
                $"| — Twilio calls of the burst by endpoint{(WarmupSignups > 0 ? " (the warm-up's included)" : "")} | {byEndpoint} |\n");
        }
        finally
        {
            foreach (var worker in workers) await worker.DisposeAsync();
        }
    }

    /// <summary>Worker processes with the API's settings, added to <paramref name="workers"/> as they start (the caller stops them).</summary>
    private static async Task StartWorkersAsync(IReadOnlyDictionary<string, string?> settings, int count, List<ServiceProcess> workers)
    {
        var workerSettings = new Dictionary<string, string?>(settings) { ["Service:Role"] = "Worker" };
        for (var w = 0; w < count; w++) workers.Add(await ServiceProcess.StartAsync(workerSettings));
    }

    private static async Task<Dictionary<string, long>> DatabaseCountersAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var names = new[] { "xact_commit", "xact_rollback", "tup_returned", "tup_fetched", "tup_inserted", "tup_updated", "tup_deleted", "blks_hit" };
        var values = await ListAsync<string>(settings,
            "select concat_ws(',', " + string.Join(", ", names) + ") from pg_stat_database where datname = current_database()");
        var counters = names.Zip(values.Single().Split(',')).ToDictionary(p => p.First, p => long.Parse(p.Second, CultureInfo.InvariantCulture));
        foreach (var row in await ListAsync<string>(settings, "select schemaname || '.' || relname || ',' || (n_tup_upd + n_tup_ins + n_tup_del) || ',' || n_tup_hot_upd from pg_stat_user_tables"))
        {
            var parts = row.Split(',');
            counters["rows written " + parts[0]] = long.Parse(parts[1], CultureInfo.InvariantCulture);
            counters["hot updates " + parts[0]] = long.Parse(parts[2], CultureInfo.InvariantCulture);
        }
        return counters;
    }

    /// <summary>PostgreSQL's work per tenant between two readings, and with pg_stat_statements its top statements.</summary>
    private async Task<string> DatabaseWorkAsync(IReadOnlyDictionary<string, string?> settings, Dictionary<string, long> before, int signups)
    {
        var after = await DatabaseCountersAsync(settings);
        double PerTenant(string name) => (after.GetValueOrDefault(name) - before.GetValueOrDefault(name)) / (double)signups;
        var written = after.Keys.Where(k => k.StartsWith("rows written ", StringComparison.Ordinal) && PerTenant(k) >= 0.05)
            .OrderByDescending(PerTenant).Select(k => string.Create(CultureInfo.InvariantCulture, $"{k["rows written ".Length..]} {PerTenant(k):F1}"));
        var work = new StringBuilder()
            .AppendLine("| PostgreSQL per tenant (pg_stat_database of the run's database, from the submission to 11 s after the last Ready) | value |").AppendLine("|---|---|")
            .AppendLine(CultureInfo.InvariantCulture, $"| transactions committed / rolled back | {PerTenant("xact_commit"):F1} / {PerTenant("xact_rollback"):F2} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| rows returned by scans / fetched by index / inserted / updated / deleted | {PerTenant("tup_returned"):F0} / {PerTenant("tup_fetched"):F0} / {PerTenant("tup_inserted"):F1} / {PerTenant("tup_updated"):F1} / {PerTenant("tup_deleted"):F1} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| rows written by table (inserted + updated + deleted; of the tenants' updates {PerTenant("hot updates public.tenants"):F1} HOT) | {string.Join(", ", written)} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| buffer hits | {PerTenant("blks_hit"):F0} |")
            .AppendLine();
        if (!PgStatStatements) return work.ToString();
        var total = (await ListAsync<string>(settings, """
            select sum(calls) || ',' || round(sum(total_exec_time)::numeric, 1) from pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database())
            """)).Single().Split(',');
        work.AppendLine(CultureInfo.InvariantCulture,
                $"Statements (pg_stat_statements, top level, BEGIN/COMMIT included): {double.Parse(total[0], CultureInfo.InvariantCulture) / signups:F1} per tenant, {double.Parse(total[1], CultureInfo.InvariantCulture) / signups:F2} ms of execution per tenant (lock waits included). The top 15 by execution time:")
            .AppendLine().AppendLine("| statement | calls per tenant | exec ms per tenant | mean ms | rows per call |").AppendLine("|---|---|---|---|---|");
        foreach (var row in await ListAsync<string>(settings, $"""
            select concat_ws(E'\t', round(calls::numeric / {signups}, 2), round((total_exec_time / {signups})::numeric, 3),
                round(mean_exec_time::numeric, 3), round(rows::numeric / greatest(calls, 1), 1), left(regexp_replace(query, '\s+', ' ', 'g'), 160))
            from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
            order by total_exec_time desc limit 15
            """))
        {
            var f = row.Split('\t');
            work.AppendLine(CultureInfo.InvariantCulture, $"| `{f[4].Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal)}` | {f[0]} | {f[1]} | {f[2]} | {f[3]} |");
        }
        work.AppendLine().AppendLine("Every statement run at least 0.1 times per tenant, by calls:").AppendLine()
            .AppendLine("| statement | calls per tenant | exec ms per tenant | mean ms | rows per call |").AppendLine("|---|---|---|---|---|");
        foreach (var row in await ListAsync<string>(settings, $"""
            select concat_ws(E'\t', round(calls::numeric / {signups}, 2), round((total_exec_time / {signups})::numeric, 3),
                round(mean_exec_time::numeric, 3), round(rows::numeric / greatest(calls, 1), 1), left(regexp_replace(query, '\s+', ' ', 'g'), 300))
            from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database()) and calls >= {signups} / 10
            order by calls desc
            """))
        {
            var f = row.Split('\t');
            work.AppendLine(CultureInfo.InvariantCulture, $"| `{f[4].Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal)}` | {f[0]} | {f[1]} | {f[2]} | {f[3]} |");
        }
        return work.AppendLine().ToString();
    }

    private static async Task ExecuteAsync(IReadOnlyDictionary<string, string?> settings, string sql)
    {
        await using var connection = new NpgsqlConnection(settings["ConnectionStrings:Provisioning"]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    internal async Task<ServiceProcess> StartEmulatorAsync(int latencyMs, int configurationOperationMs = ConfigurationOperationMs, int maxConcurrentRequestsPerAccount = 0)
    {
        var emulatorDll = Path.Combine(AppContext.BaseDirectory, "Provisioning.TwilioEmulator.dll");
        return await ServiceProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Emulator:LatencyMs"] = latencyMs.ToString(CultureInfo.InvariantCulture),
            ["Emulator:OperationDelayMs"] = StoreOperationMs.ToString(CultureInfo.InvariantCulture),
            ["Emulator:ConfigurationOperationDelayMs"] = configurationOperationMs.ToString(CultureInfo.InvariantCulture),
            ["Emulator:MaxConcurrentRequestsPerAccount"] = maxConcurrentRequestsPerAccount.ToString(CultureInfo.InvariantCulture),
            ["Emulator:StoreActivationDelayMs"] = "0",
            ["Emulator:RetryAfterSeconds"] = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture),
            ["Emulator:RequestLogCapacity"] = "1000",
            ["Logging:LogLevel:Default"] = "Warning",
        }, emulatorDll, readyPath: "/_emulator/settings");
    }

    /// <summary>
    /// The workers' own count of Twilio calls (<c>provisioning_twilio_calls_total</c> on <c>/metrics</c>), summed per
    /// method, endpoint and outcome: where the calls above the minimum go.
    /// </summary>
    private async Task<string> CallsByEndpointAsync(IEnumerable<ServiceProcess> workers)
    {
        var sample = new Regex("""^provisioning_twilio_calls_total\{(?<labels>(?:[^}"]|"[^"]*")*)\} (?<value>[0-9.eE+]+)""", RegexOptions.Multiline);
        string Label(string labels, string name) => Regex.Match(labels, name + "=\"([^\"]*)\"").Groups[1].Value;
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var worker in workers)
        {
            using var http = Client(worker);
            foreach (Match match in sample.Matches(await http.GetStringAsync("/metrics")))
            {
                var labels = match.Groups["labels"].Value;
                var key = $"{Label(labels, "method")} {Label(labels, "endpoint")} {Label(labels, "outcome")}";
                totals[key] = totals.GetValueOrDefault(key) + double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }
        return string.Join("; ", totals.OrderByDescending(t => t.Value).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key}: {t.Value:F0}")));
    }

    internal async Task<Dictionary<string, string?>> SettingsAsync(ServiceProcess emulator, string role)
    {
        var settings = new Dictionary<string, string?>(baseSettings)
        {
            ["ConnectionStrings:Provisioning"] = await postgres.CreateDatabaseAsync() + ";Maximum Pool Size=100" + (ConnectionOptions is null ? "" : ";" + ConnectionOptions),
            ["Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["Twilio:AuthToken"] = "fedcba9876543210fedcba9876543210",
            ["Twilio:ApiBaseUrl"] = emulator.BaseUrl,
            ["Twilio:MemoryBaseUrl"] = emulator.BaseUrl,
            ["Twilio:ConversationsBaseUrl"] = emulator.BaseUrl,
            ["Jobs:WorkerCount"] = WorkersPerProcess.ToString(CultureInfo.InvariantCulture),
            ["Service:Role"] = role,
        };
        return settings;
    }

    internal HttpClient Client(ServiceProcess service)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = new Uri(service.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", adminKey);
        return http;
    }

    private static async Task<T> ScalarAsync<T>(IReadOnlyDictionary<string, string?> settings, string sql) => (await ListAsync<T>(settings, sql)).Single();

    private static async Task<List<T>> ListAsync<T>(IReadOnlyDictionary<string, string?> settings, string sql)
    {
        await using var connection = new NpgsqlConnection(settings["ConnectionStrings:Provisioning"]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync()) values.Add(reader.GetFieldValue<T>(0));
        return values;
    }

    internal static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
