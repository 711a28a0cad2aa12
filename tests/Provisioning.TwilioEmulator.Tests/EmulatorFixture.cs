using Provisioning.Testing.Emulator;

namespace Provisioning.TwilioEmulator.Tests;

/// <summary>One emulator per test class, with delays short enough for fast but still asynchronous tests.</summary>
public sealed class EmulatorFixture() : TwilioEmulatorHost(options =>
{
    options.OperationDelayMs = 100;
    options.StoreActivationDelayMs = 100;
    options.ConfigurationOperationDelayMs = 100;
    options.EventualConsistencyWindowMs = 0;
    options.DataPlaneConsistencyWindowMs = 0;
});
