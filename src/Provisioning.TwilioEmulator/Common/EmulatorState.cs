using Provisioning.TwilioEmulator.Accounts;
using Provisioning.TwilioEmulator.Conversations;
using Provisioning.TwilioEmulator.Memory;

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

    /// <summary>Back to a single parent account built from the current settings.</summary>
    public void Reset()
    {
        lock (Sync)
        {
            Accounts.Clear();
            ApiKeys.Clear();
            Stores.Clear();
            Configurations.Clear();
            Operations.Clear();
            IdempotencyRecords.Clear();
            _configurationIdOmissionRandom = null;
            var options = Settings.Current;
            var now = Now;
            Accounts[options.AccountSid] = new Account
            {
                Sid = options.AccountSid,
                AuthToken = options.AuthToken,
                FriendlyName = options.AccountFriendlyName,
                OwnerAccountSid = options.AccountSid,
                DateCreated = now,
                DateUpdated = now,
                Sequence = NextSequence(),
            };
        }
    }
}
