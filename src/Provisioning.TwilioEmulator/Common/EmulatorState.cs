using Provisioning.TwilioEmulator.Accounts;
using Provisioning.TwilioEmulator.Conversations;
using Provisioning.TwilioEmulator.Memory;
using Provisioning.TwilioEmulator.Persistence;
using Provisioning.TwilioEmulator.Profiles;
using Provisioning.TwilioEmulator.Schema;

namespace Provisioning.TwilioEmulator;

/// <summary>
/// All emulated Twilio data. One lock guards everything: the emulator serves tests, not production traffic,
/// and a single lock makes every check-then-act (cap, unique names, idempotency keys) trivially atomic.
/// Callers must hold <see cref="Sync"/> while reading or writing any collection.
/// </summary>
public sealed class EmulatorState
{
    private long _sequence;
    private Random? _configurationIdOmissionRandom;
    private int _configurationIdOmissionSeed;

    public EmulatorState(EmulatorSettings settings, TimeProvider time)
    {
        Settings = settings;
        Time = time;
        Reset();
    }

    public Lock Sync { get; } = new();

    public EmulatorSettings Settings { get; }

    public TimeProvider Time { get; }

    public DateTimeOffset Now => Time.GetUtcNow();

    public Dictionary<string, Account> Accounts { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ApiKey> ApiKeys { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, MemoryStore> Stores { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, OrchestratorConfiguration> Configurations { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Operation> Operations { get; } = new(StringComparer.Ordinal);

    public Dictionary<(string AccountSid, string Key), IdempotencyRecord> IdempotencyRecords { get; } = [];

    /// <summary>Data-plane profiles of every store, by profile id (each knows its store).</summary>
    public Dictionary<string, Profile> Profiles { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ProfileImport> ProfileImports { get; } = new(StringComparer.Ordinal);

    /// <summary>Per-store control planes (trait groups, identity resolution, data mappings), by store id; see <see cref="SchemaOf"/>.</summary>
    public Dictionary<string, StoreSchema> Schemas { get; } = new(StringComparer.Ordinal);

    /// <summary>Monotonic creation order; used for stable listing and keyset page tokens.</summary>
    public long NextSequence() => ++_sequence;

    /// <summary>
    /// The generator behind <see cref="ConfigurationIdDisclosure.RandomHalf"/>, seeded with
    /// <see cref="EmulatorOptions.ConfigurationIdOmissionSeed"/> so that a run can be repeated. Its sequence starts
    /// again on reset and whenever the seed setting changes. Caller holds <see cref="Sync"/> (Random is not thread-safe).
    /// </summary>
    public Random ConfigurationIdOmissionRandom
    {
        get
        {
            var seed = Settings.Current.ConfigurationIdOmissionSeed;
            if (_configurationIdOmissionRandom is null || _configurationIdOmissionSeed != seed)
            {
                _configurationIdOmissionRandom = new Random(seed);
                _configurationIdOmissionSeed = seed;
            }

            return _configurationIdOmissionRandom;
        }
    }

    /// <summary>A store's profiles, in creation order. Caller holds <see cref="Sync"/>.</summary>
    public IEnumerable<Profile> ProfilesOf(string storeId) =>
        Profiles.Values.Where(p => p.StoreId == storeId).OrderBy(p => p.Sequence);

    /// <summary>
    /// The store's control plane with every write whose operation has completed applied. A store gets its
    /// out-of-the-box schema (<see cref="OutOfTheBoxSchema"/>) the first time it is asked for, which no one can tell from
    /// getting it at creation. A trait group deletion takes the group's values off the store's profiles. Caller holds
    /// <see cref="Sync"/>.
    /// </summary>
    public StoreSchema SchemaOf(string storeId)
    {
        if (!Schemas.TryGetValue(storeId, out var schema))
        {
            Schemas[storeId] = schema = StoreSchema.Create(storeId, OutOfTheBoxSchema.Create(NextSequence()));
        }

        schema.Settle(Now, group =>
        {
            foreach (var profile in Profiles.Values.Where(p => p.StoreId == storeId)) profile.Traits.Remove(group);
        });
        return schema;
    }

    /// <summary>
    /// Drops everything a store's data plane holds (profiles with their memories, imports), as deleting a store does
    /// (contract M5). Caller holds <see cref="Sync"/>.
    /// </summary>
    public void RemoveDataPlane(string storeId)
    {
        foreach (var profile in Profiles.Values.Where(p => p.StoreId == storeId).ToList()) Profiles.Remove(profile.Id);
        foreach (var import in ProfileImports.Values.Where(i => i.StoreId == storeId).ToList()) ProfileImports.Remove(import.Id);
        Schemas.Remove(storeId);
    }

    /// <summary>
    /// Everything the state file keeps. The result shares the live objects, so the caller holds <see cref="Sync"/>
    /// until it has been serialised.
    /// </summary>
    public PersistedState Export() => new(
        PersistedState.CurrentFormatVersion,
        _sequence,
        [.. Accounts.Values],
        [.. ApiKeys.Values],
        [.. Stores.Values],
        [.. Configurations.Values],
        [.. Operations.Values],
        [.. IdempotencyRecords.Select(r => new PersistedIdempotencyRecord(r.Key.AccountSid, r.Key.Key, r.Value))],
        [.. Profiles.Values],
        [.. ProfileImports.Values],
        [.. Schemas.Values]);

    /// <summary>Replaces the whole state with what a state file held.</summary>
    public void Import(PersistedState persisted)
    {
        lock (Sync)
        {
            Clear();
            _sequence = persisted.Sequence;
            foreach (var account in persisted.Accounts) Accounts[account.Sid] = account;
            foreach (var key in persisted.ApiKeys) ApiKeys[key.Sid] = key;
            foreach (var store in persisted.Stores) Stores[store.Id] = store;
            foreach (var configuration in persisted.Configurations) Configurations[configuration.Id] = configuration;
            foreach (var operation in persisted.Operations) Operations[operation.Id] = operation;
            foreach (var record in persisted.IdempotencyRecords) IdempotencyRecords[(record.AccountSid, record.Key)] = record.Record;
            foreach (var profile in persisted.Profiles) Profiles[profile.Id] = profile;
            foreach (var import in persisted.ProfileImports) ProfileImports[import.Id] = import;
            foreach (var schema in persisted.Schemas ?? []) Schemas[schema.StoreId] = schema;
        }
    }

    /// <summary>Back to the parent accounts of the current settings (the first and the additional ones), nothing else.</summary>
    public void Reset()
    {
        lock (Sync)
        {
            Clear();
            var options = Settings.Current;
            AddParent(options.AccountSid, options.AuthToken, options.AccountFriendlyName);
            foreach (var parent in options.AdditionalParents) AddParent(parent.AccountSid, parent.AuthToken, parent.FriendlyName);
        }
    }

    private void AddParent(string sid, string authToken, string friendlyName)
    {
        var now = Now;
        Accounts[sid] = new Account
        {
            Sid = sid,
            AuthToken = authToken,
            FriendlyName = friendlyName,
            OwnerAccountSid = sid,
            DateCreated = now,
            DateUpdated = now,
            Sequence = NextSequence(),
        };
    }

    private void Clear()
    {
        Accounts.Clear();
        ApiKeys.Clear();
        Stores.Clear();
        Configurations.Clear();
        Operations.Clear();
        IdempotencyRecords.Clear();
        Profiles.Clear();
        ProfileImports.Clear();
        Schemas.Clear();
        _configurationIdOmissionRandom = null;
    }
}
