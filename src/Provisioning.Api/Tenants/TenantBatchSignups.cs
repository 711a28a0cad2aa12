using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Domain;
using Provisioning.Api.Infrastructure.Http;

namespace Provisioning.Api.Tenants;

/// <summary>
/// Many signups in one request (a migration of existing customers): each item is validated and answered as its own
/// signup would be, and idempotent the same way. Items are written a chunk per transaction: one query finds those
/// that exist, one insert records the rest. A chunk the database refuses (a concurrent signup of one of its
/// clientIds, an address another tenant holds) is signed up item by item instead, as single signups settle it. Each
/// blueprint named (or the default) is looked up once per batch; an item naming none that exists is a 422 result.
/// </summary>
public sealed class TenantBatchSignups(
    ProvisioningDbContext db,
    TenantSignups signups,
    IBlueprintLookup blueprints,
    IValidator<CreateTenantRequest> validator,
    TimeProvider time,
    IOptions<ProvisioningOptions> options)
{
    public const int MaxItems = 1000;
    private const int ChunkSize = 100;

    // By the name an item gives ("" for none): the blueprint it gets, or why there is none.
    private readonly Dictionary<string, (TenantBlueprint? Blueprint, UnprocessableException? Refusal)> _blueprints = new(StringComparer.Ordinal);

    public async Task<BatchSignupResponse> SignUpAsync(IReadOnlyList<CreateTenantRequest?> requests, CancellationToken cancellationToken)
    {
        var results = new BatchSignupResult?[requests.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var valid = new List<int>();
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            if (request is null)
            {
                results[i] = Invalid(i, null, new Dictionary<string, string[]> { ["$"] = ["Each item is a signup body."] });
                continue;
            }
            var validation = await validator.ValidateAsync(request, cancellationToken);
            if (!validation.IsValid)
                results[i] = Invalid(i, request.ClientId, ValidationFilter<CreateTenantRequest>.FieldErrors(validation));
            else if (DataClassifications.RefusalOf(request.DataClassification) is { } refusal)
                results[i] = RegulatedData(i, request.ClientId, refusal);
            else if (!seen.Add(request.ClientId!))
                results[i] = Conflict(i, request.ClientId, $"clientId '{request.ClientId}' appears earlier in this batch.");
            else
                valid.Add(i);
        }

        foreach (var chunk in valid.Chunk(ChunkSize))
            await SignUpChunkAsync(chunk, requests, results, cancellationToken);
        return BatchSignupResponse.Of(results.Select(r => r!).ToList());
    }

    private async Task SignUpChunkAsync(int[] chunk, IReadOnlyList<CreateTenantRequest?> requests, BatchSignupResult?[] results, CancellationToken cancellationToken)
    {
        var clientIds = chunk.Select(i => requests[i]!.ClientId!).ToList();
        var existing = await db.LiveTenants().AsNoTracking().Where(t => clientIds.Contains(t.ClientId)).ToDictionaryAsync(t => t.ClientId, cancellationToken);
        var room = await TenantRoom.MeasureAsync(db, options.Value, cancellationToken);

        var added = new List<(int Index, Tenant Tenant)>();
        foreach (var i in chunk)
        {
            var request = requests[i]!;
            if (existing.TryGetValue(request.ClientId!, out var tenant))
            {
                results[i] = Repeated(i, tenant, request);
                continue;
            }
            var isolation = request.ToIsolation() ?? options.Value.DefaultIsolation;
            if (room.RefusalOf(isolation) is { } refusal)
            {
                results[i] = Conflict(i, request.ClientId, refusal);
                continue;
            }
            var (blueprint, unknown) = await BlueprintOfAsync(request.Blueprint, cancellationToken);
            if (unknown is not null)
            {
                results[i] = Unprocessable(i, request.ClientId, unknown);
                continue;
            }
            room = room.After(isolation);
            var created = new Tenant(request.ClientId!, request.DisplayName, request.ToOrchestratorSettings(), request.CallbackUrl, isolation, time.GetUtcNow(), blueprint);
            db.Tenants.Add(created);
            added.Add((i, created));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            foreach (var (i, tenant) in added) results[i] = new BatchSignupResult(i, tenant.ClientId, StatusCodes.Status202Accepted, TenantResponse.From(tenant), null);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            foreach (var (i, _) in added) results[i] = await SignUpOneAsync(i, requests[i]!, cancellationToken);
        }
        db.ChangeTracker.Clear();
    }

    private async Task<BatchSignupResult> SignUpOneAsync(int index, CreateTenantRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var (tenant, created) = await signups.SignUpOrRepeatAsync(request.ClientId!, request.DisplayName, request.ToOrchestratorSettings(), request.CallbackUrl,
                request.ToIsolation(), request.Blueprint, cancellationToken);
            return new BatchSignupResult(index, tenant.ClientId, created ? StatusCodes.Status202Accepted : StatusCodes.Status200OK, TenantResponse.From(tenant), null);
        }
        catch (ConflictException e)
        {
            return Conflict(index, request.ClientId, e.Message);
        }
        catch (UnprocessableException e)
        {
            return Unprocessable(index, request.ClientId, e);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private BatchSignupResult Repeated(int index, Tenant tenant, CreateTenantRequest request)
    {
        try
        {
            RepeatedSignup.Accept(tenant, request.DisplayName, request.ToOrchestratorSettings(), request.CallbackUrl, request.ToIsolation() ?? options.Value.DefaultIsolation, request.Blueprint);
            return new BatchSignupResult(index, tenant.ClientId, StatusCodes.Status200OK, TenantResponse.From(tenant), null);
        }
        catch (ConflictException e)
        {
            return Conflict(index, tenant.ClientId, e.Message);
        }
    }

    private async Task<(TenantBlueprint? Blueprint, UnprocessableException? Refusal)> BlueprintOfAsync(string? name, CancellationToken cancellationToken)
    {
        if (_blueprints.TryGetValue(name ?? "", out var known)) return known;
        try
        {
            known = (await blueprints.ForSignupAsync(name, cancellationToken), null);
        }
        catch (UnprocessableException e)
        {
            known = (null, e);
        }
        _blueprints[name ?? ""] = known;
        return known;
    }

    private static BatchSignupResult Unprocessable(int index, string? clientId, UnprocessableException e) =>
        new(index, clientId, StatusCodes.Status422UnprocessableEntity, null, new HttpValidationProblemDetails(new Dictionary<string, string[]> { [e.Field] = [e.Message] })
        {
            Status = StatusCodes.Status422UnprocessableEntity, Title = "The change cannot be made this way", Detail = e.Message,
        });

    private static BatchSignupResult Conflict(int index, string? clientId, string detail) =>
        new(index, clientId, StatusCodes.Status409Conflict, null, new HttpValidationProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict", Detail = detail });

    private static BatchSignupResult RegulatedData(int index, string? clientId, string detail) =>
        new(index, clientId, StatusCodes.Status422UnprocessableEntity, null, new HttpValidationProblemDetails(
            new Dictionary<string, string[]> { [DataClassifications.Field] = [detail] })
        {
            Status = StatusCodes.Status422UnprocessableEntity, Title = "Regulated data cannot be provisioned", Detail = detail,
        });

    private static BatchSignupResult Invalid(int index, string? clientId, IDictionary<string, string[]> errors) =>
        new(index, clientId, StatusCodes.Status400BadRequest, null, new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest, Title = "One or more validation errors occurred.",
        });
}
