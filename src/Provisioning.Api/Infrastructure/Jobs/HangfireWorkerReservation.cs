namespace Provisioning.Api.Infrastructure.Jobs;

/// <summary>
/// Hangfire workers of one server of the process and the setting that sizes them, kept in the service collection so
/// that the connection pool check at registration counts the workers of every server.
/// </summary>
public sealed record HangfireWorkerReservation(string WorkerCountSetting, int Workers);
