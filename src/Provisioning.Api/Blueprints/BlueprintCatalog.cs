using Microsoft.EntityFrameworkCore;
using Npgsql;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Auth;
using Provisioning.Api.Infrastructure.Domain;

namespace Provisioning.Api.Blueprints;

/// <summary>
/// The blueprints and their revisions: creating one, revising it (a new immutable revision from the full content),
/// and reading them back. A revision is written with its blueprint's new latest number in one transaction; two
/// revisions made at once cannot both be written (the blueprint's row version and the unique (name, revision) decide).
/// </summary>
public sealed class BlueprintCatalog(ProvisioningDbContext db, ActorContext actor, TimeProvider time)
{
    /// <summary>The ETag of a blueprint (that of its latest revision) and of a revision: its number.</summary>
    public static string ETagOf(int revision) => $"\"{revision}\"";

    public async Task<BlueprintView> CreateAsync(CreateBlueprintRequest request, CancellationToken cancellationToken)
    {
        var name = request.Name!;
        if (await db.Blueprints.AnyAsync(b => b.Name == name, cancellationToken))
            throw Exists(name);
        return await AddAsync(name, BlueprintContent.Of(request), request.Reason, cancellationToken);
    }

    /// <summary>
    /// The next revision from <paramref name="request"/>; the blueprint with its revision 1 when there is none of that
    /// name; nothing when the content equals the latest revision's (so that sending the same document again, as a
    /// deployment pipeline does, makes no revision). <paramref name="ifMatch"/>: the ETag the caller read (412 when stale).
    /// </summary>
    public async Task<(BlueprintView View, BlueprintChange Change)> PutAsync(string name, ReviseBlueprintRequest request, string? ifMatch, CancellationToken cancellationToken)
    {
        var content = BlueprintContent.Of(request);
        var blueprint = await db.Blueprints.SingleOrDefaultAsync(b => b.Name == name, cancellationToken);
        if (blueprint is null)
        {
            if (ifMatch is not null)
                throw new PreconditionFailedException($"There is no blueprint '{name}' to match; send the PUT without If-Match to create it.");
            return (await AddAsync(name, content, request.Reason, cancellationToken), BlueprintChange.Created);
        }
        if (ifMatch is not null && ifMatch.Trim() != "*" && !ifMatch.Split(',').Select(t => t.Trim()).Contains(ETagOf(blueprint.LatestRevision)))
            throw new PreconditionFailedException($"Blueprint '{name}' has changed since it was read (its latest revision is {blueprint.LatestRevision}, ETag {ETagOf(blueprint.LatestRevision)}); read it again.");

        var latest = await LatestOfAsync(blueprint, cancellationToken);
        if (latest.Content.ToJson() == content.ToJson())
            return (BlueprintView.From(blueprint, latest), BlueprintChange.Unchanged);

        var revision = blueprint.Revise(content, actor.Name, request.Reason, time.GetUtcNow());
        db.BlueprintRevisions.Add(revision);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || IsUniqueViolation(e))
        {
            throw new ConflictException($"Blueprint '{name}' got another revision while this one was made; read it again and retry.");
        }
        return (BlueprintView.From(blueprint, revision), BlueprintChange.Revised);
    }

    public async Task<BlueprintView> GetAsync(string name, CancellationToken cancellationToken)
    {
        var blueprint = await FindAsync(name, cancellationToken);
        return BlueprintView.From(blueprint, await LatestOfAsync(blueprint, cancellationToken));
    }

    public async Task<BlueprintPage> ListAsync(Guid? afterId, int limit, CancellationToken cancellationToken)
    {
        var blueprints = db.Blueprints.AsNoTracking();
        if (afterId is { } after) blueprints = blueprints.Where(b => b.Id.CompareTo(after) > 0);
        var page = await blueprints.OrderBy(b => b.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var next = page.Count > limit ? Tenants.KeysetCursor.Encode(page[limit - 1].Id) : null;
        return new BlueprintPage(page.Take(limit).Select(BlueprintSummary.From).ToList(), next);
    }

    public async Task<BlueprintRevisionPage> ListRevisionsAsync(string name, Guid? afterId, int limit, CancellationToken cancellationToken)
    {
        await FindAsync(name, cancellationToken);
        var revisions = db.BlueprintRevisions.AsNoTracking().Where(r => r.BlueprintName == name);
        if (afterId is { } after) revisions = revisions.Where(r => r.Id.CompareTo(after) > 0);
        var page = await revisions.OrderBy(r => r.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var next = page.Count > limit ? Tenants.KeysetCursor.Encode(page[limit - 1].Id) : null;
        return new BlueprintRevisionPage(page.Take(limit).Select(BlueprintRevisionView.From).ToList(), next);
    }

    public async Task<BlueprintRevisionView> GetRevisionAsync(string name, int revision, CancellationToken cancellationToken) =>
        BlueprintRevisionView.From(await FindRevisionAsync(name, revision, cancellationToken)
            ?? throw new NotFoundException($"Blueprint '{Shorten(name)}' has no revision {revision}."));

    /// <summary>One revision, as whatever applies a tenant's blueprint reads it (the tenant records the name and the revision); null when there is none.</summary>
    public Task<BlueprintRevision?> FindRevisionAsync(string name, int revision, CancellationToken cancellationToken) =>
        db.BlueprintRevisions.AsNoTracking().SingleOrDefaultAsync(r => r.BlueprintName == name && r.Revision == revision, cancellationToken);

    private async Task<BlueprintView> AddAsync(string name, BlueprintContent content, string? reason, CancellationToken cancellationToken)
    {
        var (blueprint, revision) = Blueprint.Create(name, content, actor.Name, reason, time.GetUtcNow());
        db.Blueprints.Add(blueprint);
        db.BlueprintRevisions.Add(revision);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            throw Exists(name);
        }
        return BlueprintView.From(blueprint, revision);
    }

    private async Task<Blueprint> FindAsync(string name, CancellationToken cancellationToken) =>
        await db.Blueprints.AsNoTracking().SingleOrDefaultAsync(b => b.Name == name, cancellationToken)
        ?? throw new NotFoundException($"No blueprint is named '{Shorten(name)}'.");

    private Task<BlueprintRevision> LatestOfAsync(Blueprint blueprint, CancellationToken cancellationToken) =>
        db.BlueprintRevisions.AsNoTracking().SingleAsync(r => r.BlueprintName == blueprint.Name && r.Revision == blueprint.LatestRevision, cancellationToken);

    private static ConflictException Exists(string name) =>
        new($"Blueprint '{name}' exists; PUT /v1/blueprints/{name} makes its next revision.");

    private static bool IsUniqueViolation(DbUpdateException e) => e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    private static string Shorten(string name) => name.Length > 70 ? name[..70] + "…" : name;
}
