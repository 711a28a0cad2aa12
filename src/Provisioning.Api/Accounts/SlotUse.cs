
namespace Provisioning.Api.Accounts;

public sealed record SlotUse(int Ours, int Foreign, int Total);
