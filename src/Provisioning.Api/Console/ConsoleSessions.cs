using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Data;

namespace Provisioning.Api.Console;

/// <summary>
/// The server's record of console sessions (<see cref="ConsoleSession"/>): made at sign-in, checked on every
/// request, deleted at sign-out. A cookie whose session is not here is refused, whatever its ticket says.
/// </summary>
public sealed class ConsoleSessions(ProvisioningDbContext db, TimeProvider time, IOptions<ConsoleOptions> console)
{
    /// <summary>How stale <see cref="ConsoleSession.LastSeenAt"/> may get before a request writes it again (not every request writes).</summary>
    public static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    public async Task<Guid> StartAsync(string keyName, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Sessions nobody signed out of end by disuse: the cookie has expired, and so does their row here.
        await db.ConsoleSessions.Where(s => s.LastSeenAt < now - console.Value.SessionLifetime).ExecuteDeleteAsync(cancellationToken);
        var session = new ConsoleSession(keyName, now);
        db.ConsoleSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session.Id;
    }

    /// <summary>Whether <paramref name="id"/> is a session that was neither signed out nor left unused past its lifetime; renews it if so.</summary>
    public async Task<bool> IsLiveAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lastSeen = await db.ConsoleSessions.AsNoTracking().Where(s => s.Id == id)
            .Select(s => (DateTimeOffset?)s.LastSeenAt).SingleOrDefaultAsync(cancellationToken);
        if (lastSeen is not { } seen || now - seen > console.Value.SessionLifetime) return false;
        if (now - seen > TouchInterval)
            await db.ConsoleSessions.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), cancellationToken);
        return true;
    }

    public Task EndAsync(Guid id, CancellationToken cancellationToken) =>
        db.ConsoleSessions.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken);
}
