using System.Globalization;

namespace Provisioning.Api.Console;

/// <summary>How the console writes times and durations: UTC, sortable, the same on every page.</summary>
public static class Format
{
    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "—";

    public static string Seconds(double? seconds) =>
        seconds is { } s ? s.ToString(s < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " s" : "—";
}
