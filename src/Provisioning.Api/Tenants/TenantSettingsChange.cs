using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Domain;

namespace Provisioning.Api.Tenants;

/// <summary>
/// <c>PATCH /v1/tenants/{clientId}</c>: a JSON merge patch (RFC 7396) of the settings a control plane owns. The
/// patched settings are validated like a signup and become a new revision, which the onboarding saga applies to
/// the configuration in the background (the tenant stays Ready).
/// </summary>
public sealed class TenantSettingsChange(ProvisioningDbContext db, IValidator<CreateTenantRequest> validator, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>What a merge patch may name; anything else is a 400 naming it.</summary>
    private static readonly Dictionary<string, string[]> Patchable = new()
    {
        // isolation is named so that a change of it hears why it cannot be made (422), not that the field is unknown.
        [""] = ["displayName", "callbackUrl", "orchestrator", "isolation"],
        ["orchestrator"] = ["conversationGroupingType", "memoryExtractionEnabled", "statusCallbacks", "channels"],
    };

    public static string ETagOf(Tenant tenant) => $"\"{tenant.Id:N}-{tenant.SettingsRevision}\"";

    /// <summary>The tenant after the patch, and whether anything changed (a new revision to apply).</summary>
    public async Task<(Tenant Tenant, bool Changed)> ApplyAsync(string clientId, JsonObject patch, string? ifMatch, CancellationToken cancellationToken)
    {
        CheckPatchable(patch, "", "");
        // Two patches at once: the later one is merged into what the first saved (without If-Match), or told to read again.
        for (var attempt = 1; ; attempt++)
        {
            var tenant = await db.GetLiveTenantAsync(clientId, cancellationToken);
            if (ifMatch is not null && ifMatch != "*" && !ifMatch.Split(',').Select(t => t.Trim()).Contains(ETagOf(tenant)))
                throw new PreconditionFailedException($"Tenant '{clientId}' has changed since it was read (its ETag is now {ETagOf(tenant)}); read it again.");

            var request = await PatchedRequestAsync(tenant, patch, cancellationToken);
            var settings = request.ToOrchestratorSettings();
            // "isolation": null removes nothing: the tier stays what it is (only another tier is refused).
            var changed = tenant.ChangeSettings(request.DisplayName, request.CallbackUrl, settings, request.ToIsolation() ?? tenant.Isolation);
            if (!changed) return (tenant, false);
            tenant.Runs.Request(time.GetUtcNow());
            try
            {
                await TenantConflicts.SaveAsync(db, TenantConflicts.RunState, CancellationToken.None);
            }
            catch (DbUpdateConcurrencyException) when (ifMatch is null && attempt < 3)
            {
                db.ChangeTracker.Clear();
                continue;
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new PreconditionFailedException($"Tenant '{clientId}' changed while the patch was applied; read it again.");
            }
            catch (DbUpdateException e) when (TenantAddressConflict.IsAddressConflict(e))
            {
                throw await TenantAddressConflict.DescribeAsync(db, clientId, settings, cancellationToken);
            }
            return (tenant, true);
        }
    }

    /// <summary>The tenant's settings as a signup body, with the patch merged in (RFC 7396), validated like a signup.</summary>
    private async Task<CreateTenantRequest> PatchedRequestAsync(Tenant tenant, JsonObject patch, CancellationToken cancellationToken)
    {
        var current = JsonSerializer.SerializeToNode(new CreateTenantRequest(tenant.ClientId, tenant.DisplayName, ToRequest(tenant.Orchestrator), tenant.CallbackUrl,
            TenantRules.NameOf(tenant.Isolation)), Json)!.AsObject();
        var merged = MergePatch(current, patch)!.AsObject();
        CreateTenantRequest request;
        try
        {
            request = merged.Deserialize<CreateTenantRequest>(Json)!;
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("The patch has a value of the wrong JSON type.", StatusCodes.Status400BadRequest, e);
        }
        var result = await validator.ValidateAsync(request, cancellationToken);
        if (!result.IsValid) throw new ValidationException(result.Errors);
        return request;
    }

    /// <summary>RFC 7396: objects merge member by member, null removes, anything else replaces.</summary>
    private static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject) return patch?.DeepClone();
        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null) result.Remove(name);
            else result[name] = MergePatch(result[name], value);
        }
        return result;
    }

    private static void CheckPatchable(JsonObject patch, string path, string section)
    {
        foreach (var (name, value) in patch)
        {
            var field = path.Length == 0 ? name : $"{path}.{name}";
            if (!Patchable[section].Contains(name))
                throw new ValidationException([new FluentValidation.Results.ValidationFailure(field, "This field cannot be changed by PATCH (or does not exist).")]);
            if (name == "orchestrator" && value is JsonObject orchestrator) CheckPatchable(orchestrator, field, "orchestrator");
        }
    }

    private static OrchestratorRequest ToRequest(OrchestratorSettings settings) => new(
        settings.ConversationGroupingType,
        settings.MemoryExtractionEnabled,
        settings.StatusCallbacks.Select(c => new StatusCallbackRequestBody(c.Url, c.Method)).ToList(),
        settings.Channels.ToDictionary(c => c.Key, c => (ChannelRequest?)new ChannelRequest(
            c.Value.Addresses.ToList<string?>(),
            c.Value.StatusTimeouts is { } t ? new StatusTimeoutsRequest(t.Inactive, t.Closed) : null,
            // Stored VOICE channels always have one (legacy ones read as passive): a patch that does not name it keeps it.
            c.Value.Ingestion,
            c.Value.ClientIdentities?.ToList<string?>(),
            c.Value.SipAddresses?.ToList<string?>())));
}
