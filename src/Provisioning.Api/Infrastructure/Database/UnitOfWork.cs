using Provisioning.Api.Data;

namespace Provisioning.Api.Infrastructure.Database;

/// <summary>
/// The one owner of a request's or a saga step's transaction (as eShop's TransactionBehavior): the application service
/// or the saga step opens it here, runs its work (operations of other types that only stage changes, then its own
/// save), and commits. Operations that must run inside the owner's transaction (the slot ledger's, say) call
/// <see cref="EnsureInTransaction"/> and never save or commit themselves.
/// </summary>
public sealed class UnitOfWork(ProvisioningDbContext db)
{
    /// <summary>
    /// Runs <paramref name="work"/> in a transaction and commits it; work that throws is rolled back. Already inside
    /// one (a unit of work calling another), it joins it: the outermost owner commits.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null) return await work(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await work(cancellationToken);
        // What was saved must be committed even when the caller is being cancelled: a save without its commit
        // leaves the tracked entities ahead of the database.
        await transaction.CommitAsync(CancellationToken.None);
        return result;
    }

    /// <inheritdoc cref="ExecuteAsync{T}"/>
    public Task ExecuteAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken) =>
        ExecuteAsync(async ct =>
        {
            await work(ct);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Refuses to stage outside a unit of work: a change staged there would reach the database with the caller's
    /// next save (or never), not atomically with the change it goes with, and any lock it took would end at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">No transaction is open: a programming error.</exception>
    public void EnsureInTransaction()
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException(
                "This operation only stages changes: run it inside UnitOfWork.ExecuteAsync, whose owner saves its entities and commits.");
    }
}
