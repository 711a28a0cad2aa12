namespace Provisioning.TwilioEmulator;

/// <summary>What happens when an account already holds <see cref="EmulatorOptions.StoreCap"/> stores.</summary>
public enum StoreCapMode
{
    /// <summary>The create is refused synchronously with the classic error body (contract §8 recommendation).</summary>
    RejectSynchronously,

    /// <summary>The create returns 202 and its operation ends FAILED with <c>error.code</c>.</summary>
    FailOperation,
}
