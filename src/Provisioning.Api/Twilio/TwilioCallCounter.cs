
namespace Provisioning.Api.Twilio;

/// <summary>
/// Counts HTTP requests sent to Twilio (every attempt, retries included) within a flow that asked to be
/// counted, such as one reconciliation run. The count flows with the async context, so concurrent work in
/// the same flow adds to one total and other flows are unaffected.
/// </summary>
public static class TwilioCallCounter
{
    private static readonly AsyncLocal<Counter?> CurrentCounter = new();

    /// <summary>Starts counting for the current flow and whatever it awaits or starts.</summary>
    public static Counter Begin() => CurrentCounter.Value = new Counter();

    internal static void Increment()
    {
        if (CurrentCounter.Value is { } counter) Interlocked.Increment(ref counter.Value);
    }

    public sealed class Counter
    {
        internal long Value;

        public long Calls => Interlocked.Read(ref Value);
    }
}
