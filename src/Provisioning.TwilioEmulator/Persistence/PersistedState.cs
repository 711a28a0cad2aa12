using Provisioning.TwilioEmulator.Accounts;
using Provisioning.TwilioEmulator.Conversations;
using Provisioning.TwilioEmulator.Memory;
using Provisioning.TwilioEmulator.Profiles;
using Provisioning.TwilioEmulator.Schema;

namespace Provisioning.TwilioEmulator.Persistence;

/// <summary>
/// The content of the state file: every collection of <see cref="EmulatorState"/> and the sequence counter that
/// orders them. Settings, faults and the request log are not state and are not kept. <c>Schemas</c> came later: a file
/// without it loads, and its stores get their out-of-the-box schema when first asked.
/// </summary>
public sealed record PersistedState(
    int FormatVersion,
    long Sequence,
    IReadOnlyList<Account> Accounts,
    IReadOnlyList<ApiKey> ApiKeys,
    IReadOnlyList<MemoryStore> Stores,
    IReadOnlyList<OrchestratorConfiguration> Configurations,
    IReadOnlyList<Operation> Operations,
    IReadOnlyList<PersistedIdempotencyRecord> IdempotencyRecords,
    IReadOnlyList<Profile> Profiles,
    IReadOnlyList<ProfileImport> ProfileImports,
    IReadOnlyList<StoreSchema>? Schemas = null)
{
    /// <summary>Raised when the shape changes incompatibly, so that an old file is refused rather than misread.</summary>
    public const int CurrentFormatVersion = 1;
}
