using Provisioning.TwilioEmulator;

EmulatorApp.Build(args).Run();

/// <summary>Entry point; exposed for WebApplicationFactory-style hosting.</summary>
public partial class Program;
