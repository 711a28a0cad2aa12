namespace Provisioning.TwilioEmulator;

public enum ControlPlane
{
    Memory,
    Conversations,
}
