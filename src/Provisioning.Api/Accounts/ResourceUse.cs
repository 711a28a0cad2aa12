namespace Provisioning.Api.Accounts;

/// <summary>One limited resource of an account (Memory Stores, Orchestrator configurations): the cap, ours, foreign, free.</summary>
public sealed record ResourceUse(int Capacity, int Ours, int Foreign, int Free)
{
    public static ResourceUse Of(int capacity, int ours, int foreign) => new(capacity, ours, foreign, Math.Max(0, capacity - ours - foreign));
}
