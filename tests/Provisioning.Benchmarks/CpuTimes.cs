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
