namespace Provisioning.TwilioEmulator.Faults;

internal static class PathExtensions
{
    public static bool StartsWithSegmentsOrPrefix(this PathString path, string prefix) =>
        (path.Value ?? "").StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
}
