
namespace Provisioning.Api.Infrastructure.Telemetry;

public sealed record AccountSlots(string Sid, int Used, int Capacity);
