using System.Globalization;

namespace Provisioning.Benchmarks;

/// <summary>
/// CPU time (user + system) from /proc, so that a run on a machine shared with other builds can still say what
/// each process of the run cost: wall time there depends on everyone else's load, CPU seconds much less.
/// </summary>
public static class CpuTimes
{
    // USER_HZ: the unit of /proc/<pid>/stat's times, 100 on every Linux the project runs on.
    private const double TicksPerSecond = 100;

    /// <summary>The CPU time of process <paramref name="pid"/>; zero where /proc is missing or the process is gone.</summary>
    public static TimeSpan OfProcess(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces; utime and stime are fields 14 and 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>
    /// The CPU time of this harness's whole PostgreSQL cluster so far: the postmaster's own and that of every child it
    /// has reaped (backends that closed, as /proc/&lt;postmaster&gt;/stat counts them), plus every child still running
    /// (backends, checkpointer, WAL writer …). A difference of two readings is what the cluster spent between them,
    /// whichever backends came and went. Zero when the cluster's postmaster is not found.
    /// </summary>
    public static TimeSpan OfPostgresCluster()
    {
        // The harness's cluster lives in /tmp/provisioning-pg-<harness pid>-…/ (LocalPostgresCluster); its postmaster
        // is the one `postgres` process whose command line names that directory (backends rename theirs).
        var marker = $"provisioning-pg-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-";
        var postmaster = 0;
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "comm")).Trim() != "postgres") continue;
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                parents[pid] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                if (File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(marker, StringComparison.Ordinal)) postmaster = pid;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        if (postmaster == 0) return TimeSpan.Zero;
        var total = Ticks(postmaster, withChildren: true);
        foreach (var (pid, parent) in parents)
            if (parent == postmaster) total += Ticks(pid, withChildren: true);
        return TimeSpan.FromSeconds(total / TicksPerSecond);
    }

    // utime + stime (fields 14, 15), and with the children it has waited for, cutime + cstime (16, 17).
    private static long Ticks(int pid, bool withChildren)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            if (withChildren) ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
            return ticks;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }

    /// <summary>The CPU time of every PostgreSQL backend serving <paramref name="database"/> now (their titles name it).</summary>
    public static TimeSpan OfPostgresBackends(string database)
    {
        var total = TimeSpan.Zero;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(" " + database + " ", StringComparison.Ordinal)) total += OfProcess(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        return total;
    }
}
