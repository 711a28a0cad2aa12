using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Provisioning.Testing.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster in a temporary directory, made with the local <c>initdb</c> and run with
/// <c>pg_ctl</c> on a free 127.0.0.1 port (trust auth, fsync off). When the process runs as root the cluster
/// runs as the <c>postgres</c> user, which owns the directory. A detached watchdog stops the server and deletes
/// the directory when this process dies without disposing it (crash, kill -9, aborted test run).
/// </summary>
internal sealed class LocalPostgresCluster : IDisposable
{
    private const string ServiceUser = "postgres";

    private readonly string _binDirectory;
    private readonly bool _asServiceUser;
    private int _disposed;

    private LocalPostgresCluster(string binDirectory, string rootDirectory, bool asServiceUser, string version)
    {
        _binDirectory = binDirectory;
        RootDirectory = rootDirectory;
        _asServiceUser = asServiceUser;
        Version = version;
    }

    public string RootDirectory { get; }

    public string DataDirectory => Path.Combine(RootDirectory, "data");

    public string SocketDirectory => Path.Combine(RootDirectory, "sock");

    public string LogFile => Path.Combine(RootDirectory, "postgres.log");

    public string Version { get; }

    public int Port { get; private set; }

    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = ServiceUser,
        Database = "postgres",
        IncludeErrorDetail = true,
    }.ConnectionString;

    public static async Task<LocalPostgresCluster> StartAsync(Action<string> log, CancellationToken cancellationToken)
    {
        var binDirectory = FindBinDirectory()
            ?? throw new InvalidOperationException(
                "No PostgreSQL server binaries (initdb, pg_ctl, postgres) on PATH or in /usr/lib/postgresql/*/bin, no Docker engine, " +
                $"and {PostgresServer.ConnectionStringVariable} is unset. Install them with: apt-get install -y postgresql-15");

        var asServiceUser = Environment.UserName == "root";
        if (asServiceUser && !await UserExistsAsync(ServiceUser, cancellationToken).ConfigureAwait(false))
            throw new InvalidOperationException($"Running as root but there is no '{ServiceUser}' user to run PostgreSQL as (apt-get install postgresql-15 creates it).");

        // As root, TMPDIR may point somewhere the postgres user cannot traverse; /tmp always works.
        var tempBase = asServiceUser ? "/tmp" : Path.GetTempPath();
        var root = Path.Combine(tempBase, $"provisioning-pg-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(Path.Combine(root, "sock"));

        var versionOutput = await RunAsync(Path.Combine(binDirectory, "postgres"), ["--version"], asUser: null, root, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        var cluster = new LocalPostgresCluster(binDirectory, root, asServiceUser, versionOutput.Output.Trim());
        try
        {
            if (asServiceUser)
                await RunCheckedAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", root], null, root, cancellationToken).ConfigureAwait(false);

            await cluster.InitDbAsync(cancellationToken).ConfigureAwait(false);
            cluster.StartWatchdog();

            const int attempts = 4;
            for (var attempt = 1; ; attempt++)
            {
                cluster.Port = FreeLoopbackPort();
                cluster.WriteSettings();
                var result = await cluster.PgCtlAsync(["-D", cluster.DataDirectory, "-l", cluster.LogFile, "-w", "-t", "60", "start"], cancellationToken).ConfigureAwait(false);
                if (result.ExitCode == 0)
                    break;
                if (attempt == attempts)
                    throw new InvalidOperationException($"pg_ctl start failed ({result.ExitCode}): {result.Output}\n{cluster.TailLog()}");
                log($"pg_ctl start on port {cluster.Port} failed (attempt {attempt}), retrying on another port: {result.Output.Trim()}");
            }

            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Stops the server, keeping its data, as an outage would (fast shutdown: sessions are cut).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        var result = await PgCtlAsync(["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"pg_ctl stop failed ({result.ExitCode}): {result.Output}");
    }

    /// <summary>Starts the server again on the same port with the same data.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        var result = await PgCtlAsync(["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "start"], cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"pg_ctl start failed ({result.ExitCode}): {result.Output}\n{TailLog()}");
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;

        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                PgCtlAsync(["-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"], CancellationToken.None)
                    .GetAwaiter().GetResult();
            }
        }
        catch (Exception ex)
        {
            PostgresServer.Log($"pg_ctl stop failed: {ex.Message}");
        }

        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            PostgresServer.Log($"could not delete {RootDirectory}: {ex.Message}");
        }
    }

    private async Task InitDbAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync(
            Path.Combine(_binDirectory, "initdb"),
            ["-D", DataDirectory, "-U", ServiceUser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"],
            _asServiceUser ? ServiceUser : null,
            RootDirectory,
            TimeSpan.FromMinutes(2),
            cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"initdb failed ({result.ExitCode}): {result.Output}");
    }

    private void WriteSettings()
    {
        // postgresql.auto.conf is read last and overrides postgresql.conf; rewritten on each start attempt (new port).
        var settings = string.Join('\n',
            $"port = {Port.ToString(CultureInfo.InvariantCulture)}",
            "listen_addresses = '127.0.0.1'",
            $"unix_socket_directories = '{SocketDirectory}'",
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
            "wal_level = minimal",
            "max_wal_senders = 0",
            "max_connections = 600",
            "shared_buffers = 128MB",
            "checkpoint_timeout = 1h",
            "max_wal_size = 1GB",
            "autovacuum = off",
            "log_min_messages = warning",
            "logging_collector = off",
            "");
        var path = Path.Combine(DataDirectory, "postgresql.auto.conf");
        File.WriteAllText(path, settings, new UTF8Encoding(false));
        // Written by this process (root or the owner already): make sure the server can read it.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    /// <summary>
    /// A detached shell (own session, stdio on /dev/null, so it outlives test-host kills and holds no pipes)
    /// that waits for this process to go away, then stops the server and removes the directory.
    /// </summary>
    private void StartWatchdog()
    {
        var pgCtl = Path.Combine(_binDirectory, "pg_ctl");
        var script =
            $"while [ -d /proc/{Environment.ProcessId} ]; do sleep 2; done; " +
            $"if [ -f {Quote(Path.Combine(DataDirectory, "postmaster.pid"))} ]; then {Quote(pgCtl)} -D {Quote(DataDirectory)} -m immediate -w -t 30 stop; fi; " +
            $"rm -rf {Quote(RootDirectory)}";
        var args = new List<string>();
        if (_asServiceUser)
            args.AddRange(["runuser", "-u", ServiceUser, "--"]);
        args.AddRange(["/bin/sh", "-c", script]);

        var startInfo = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = false,
            RedirectStandardError = false,
            WorkingDirectory = "/",
        };
        // "setsid -f" forks, so the watchdog is not our child; its stdio goes to /dev/null via the wrapper below.
        startInfo.ArgumentList.Add("-f");
        startInfo.ArgumentList.Add("/bin/sh");
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add("exec \"$@\" </dev/null >/dev/null 2>&1");
        startInfo.ArgumentList.Add("watchdog");
        foreach (var arg in args)
            startInfo.ArgumentList.Add(arg);

        try
        {
            using var process = Process.Start(startInfo)!;
            process.StandardInput.Close();
            process.WaitForExit(10_000);
        }
        catch (Exception ex)
        {
            PostgresServer.Log($"could not start the watchdog (a crashed run may leave the server running): {ex.Message}");
        }
    }

    private Task<ProcessResult> PgCtlAsync(IReadOnlyList<string> args, CancellationToken cancellationToken) =>
        RunAsync(Path.Combine(_binDirectory, "pg_ctl"), args, _asServiceUser ? ServiceUser : null, RootDirectory, TimeSpan.FromSeconds(90), cancellationToken);

    private string TailLog()
    {
        try
        {
            var lines = File.ReadAllLines(LogFile);
            return string.Join('\n', lines.TakeLast(30));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static string? FindBinDirectory()
    {
        static bool HasAll(string dir) =>
            File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "postgres"));

        var overrideDir = Environment.GetEnvironmentVariable("PROVISIONING_TEST_PG_BIN");
        if (!string.IsNullOrWhiteSpace(overrideDir) && HasAll(overrideDir))
            return overrideDir;

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var initdb = Path.Combine(dir, "initdb");
            if (!File.Exists(initdb))
                continue;
            // Follow symlinks such as /usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb.
            var resolved = new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb;
            var resolvedDir = Path.GetDirectoryName(resolved)!;
            if (HasAll(resolvedDir))
                return resolvedDir;
            if (HasAll(dir))
                return dir;
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (!Directory.Exists(debianRoot))
            return null;
        return Directory.GetDirectories(debianRoot)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: double.TryParse(Path.GetFileName(d), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0))
            .Where(x => HasAll(x.Dir))
            .OrderByDescending(x => x.Version)
            .Select(x => x.Dir)
            .FirstOrDefault();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> UserExistsAsync(string user, CancellationToken cancellationToken)
    {
        var result = await RunAsync("id", ["-u", user], null, "/", TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0;
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static async Task RunCheckedAsync(string file, IReadOnlyList<string> args, string? asUser, string workingDirectory, CancellationToken cancellationToken)
    {
        var result = await RunAsync(file, args, asUser, workingDirectory, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({result.ExitCode}): {result.Output}");
    }

    private static async Task<ProcessResult> RunAsync(
        string file,
        IReadOnlyList<string> args,
        string? asUser,
        string workingDirectory,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(asUser is null ? file : "runuser")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        if (asUser is not null)
        {
            startInfo.ArgumentList.Add("-u");
            startInfo.ArgumentList.Add(asUser);
            startInfo.ArgumentList.Add("--");
            startInfo.ArgumentList.Add(file);
        }

        foreach (var arg in args)
            startInfo.ArgumentList.Add(arg);
        startInfo.Environment["LC_ALL"] = "C";

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {file}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }

            if (cancellationToken.IsCancellationRequested)
                throw;
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}");
        }

        return new ProcessResult(process.ExitCode, (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false)));
    }

    private readonly record struct ProcessResult(int ExitCode, string Output);
}
