namespace Provisioning.TwilioEmulator.Faults;

/// <summary>What a scripted fault asks of the endpoint that runs the request (for faults that change its outcome, not its answer).</summary>
public static class FaultContext
{
    private static readonly object FailOperationKey = new();

    /// <summary>Marks the request: the operation it starts is to end FAILED (<see cref="FaultKind.FailOperation"/>).</summary>
    public static void MarkFailOperation(HttpContext context) => context.Items[FailOperationKey] = true;

    public static bool FailsOperation(HttpContext context) => context.Items.ContainsKey(FailOperationKey);
}
