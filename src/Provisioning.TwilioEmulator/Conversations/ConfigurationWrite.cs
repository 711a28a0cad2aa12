
namespace Provisioning.TwilioEmulator.Conversations;

public enum ConfigurationWrite
{
    Create,
    Replace,
    Patch,
}
