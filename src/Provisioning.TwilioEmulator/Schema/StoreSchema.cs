namespace Provisioning.TwilioEmulator.Schema;

/// <summary>
/// A store's control plane (contract §12.2). Writes are answered 202 and applied when their operation completes, so the
/// emulator keeps two states: <see cref="Accepted"/>, with every accepted write applied at once, against which new
/// writes are checked (limits, unique names, If-Match), and <see cref="Current"/>, what reads and the data plane see,
/// which catches up as operations complete (<see cref="Settle"/>, called before every use under the state lock).
/// </summary>
public sealed class StoreSchema
{
    public required string StoreId { get; init; }

    public required SchemaModel Current { get; init; }

    public required SchemaModel Accepted { get; init; }

    /// <summary>Accepted writes whose operations have not completed yet, oldest first.</summary>
    public List<SchemaChange> Pending { get; init; } = [];

    public static StoreSchema Create(string storeId, SchemaModel initial) =>
        new() { StoreId = storeId, Current = initial, Accepted = initial.Clone() };

    /// <summary>Applies <paramref name="change"/> to the accepted state now and queues it for the visible one.</summary>
    public void Accept(SchemaChange change)
    {
        SchemaChanges.Apply(Accepted, change);
        Pending.Add(change);
    }

    /// <summary>
    /// Applies the writes whose operations have completed by <paramref name="now"/>, in the order they were accepted.
    /// <paramref name="groupDeleted"/> hears of each trait group a deletion removed, to drop its values from profiles.
    /// </summary>
    public void Settle(DateTimeOffset now, Action<string> groupDeleted)
    {
        while (Pending.Count > 0 && Pending[0].AppliesAt <= now)
        {
            var change = Pending[0];
            Pending.RemoveAt(0);
            SchemaChanges.Apply(Current, change);
            if (change.Kind == SchemaChangeKind.DeleteTraitGroup) groupDeleted(change.Target);
        }
    }
}
