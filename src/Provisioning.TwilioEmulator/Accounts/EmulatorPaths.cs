
namespace Provisioning.TwilioEmulator.Accounts;

public static class EmulatorPaths
{
    public const string AdminPrefix = "/_emulator";

    public static bool IsAdmin(PathString path) => path.StartsWithSegments(AdminPrefix, StringComparison.OrdinalIgnoreCase);
}
