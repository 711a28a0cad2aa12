namespace Provisioning.TwilioEmulator.Admin;

// JSON shapes of the /_emulator admin API (camelCase on the wire). Public so test helpers can reuse them.

public sealed record EmulatorStateSnapshot(
    IReadOnlyList<AccountSnapshot> Accounts,
    IReadOnlyList<ApiKeySnapshot> ApiKeys,
    IReadOnlyList<StoreSnapshot> Stores,
    IReadOnlyList<ConfigurationSnapshot> Configurations,
    IReadOnlyList<OperationSnapshot> Operations);
