namespace Provisioning.TwilioEmulator;

/// <summary>
/// Entry point. A named class rather than top-level statements: the service's tests reference both this
/// assembly and the service's, and two global <c>Program</c> types would collide.
/// </summary>
public static class EmulatorProgram
{
    public static void Main(string[] args) => EmulatorApp.Build(args).Run();
}
