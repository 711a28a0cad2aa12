using Provisioning.Testing.Emulator;
using Provisioning.Testing.Security;

namespace Provisioning.Testing.Service;

/// <summary>
/// The settings every test service has: its database (migrated at start), the emulator as Twilio, waits and retries
/// short enough for tests, and a key ring protected and a token issuer named as Production requires. Stacks add their keys and their own.
/// </summary>
public static class TestServiceSettings
{
    public static Dictionary<string, string?> For(TwilioEmulatorHost emulator, string connectionString) => new()
    {
        ["ConnectionStrings:Provisioning"] = connectionString,
        ["Database:MigrateOnStartup"] = "true",
        ["Twilio:AccountSid"] = emulator.ParentAccountSid,
        ["Twilio:AuthToken"] = emulator.ParentAuthToken,
        ["Twilio:ApiBaseUrl"] = emulator.BaseUrl,
        ["Twilio:MemoryBaseUrl"] = emulator.BaseUrl,
        ["Twilio:ConversationsBaseUrl"] = emulator.BaseUrl,
        ["Twilio:ConsistencyWindow"] = "00:00:00.500",
        ["Twilio:RequestTimeout"] = "00:00:02",
        ["Provisioning:RetryBaseDelay"] = "00:00:00.200",
        ["Provisioning:RetryMaxDelay"] = "00:00:01",
        ["Provisioning:PollInterval"] = "00:00:00.050",
        ["Provisioning:StepTimeout"] = "00:00:10",
        // Production hosts refuse an unencrypted key ring: the tests protect it with a certificate, as a deployment must.
        ["DataProtection:CertificatePath"] = TestCertificate.Path,
        ["DataProtection:CertificatePassword"] = TestCertificate.Password,
        // Production refuses the default token issuer: each deployment names its own.
        ["Gateway:Issuer"] = "https://provisioning.tests.example",
        // /metrics on the public port: test hosts have no other, and test processes run side by side on one machine,
        // where the default metrics port would be taken twice. MetricsExposureTests covers the default.
        ["Telemetry:MetricsPort"] = "",
    };
}
