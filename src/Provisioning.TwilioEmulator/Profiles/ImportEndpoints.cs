using System.Text;
using System.Text.Json.Nodes;
using Provisioning.TwilioEmulator.Accounts;
using Provisioning.TwilioEmulator.Schema;

namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>
/// CSV profile imports (contract §11). A create returns the import id and a presigned upload URL; one PUT of the CSV to
/// that URL applies its rows, and the import then reports PROCESSING for <see cref="EmulatorOptions.OperationDelayMs"/>
/// before it is COMPLETED (or FAILED). The URL points at the emulator itself, under the unauthenticated admin prefix,
/// because a presigned URL carries its authorisation in the query rather than in credentials.
/// </summary>
public static class ImportEndpoints
{
    private const long MaxFileSize = 104_857_600;
    private const int MaxFilenameLength = 255;
    private const int MaxMappingFieldLength = 64;
    private const string SignatureParameter = "X-Amz-Signature";

    // The spec's example URL says X-Amz-Expires=1800.
    private static readonly TimeSpan UploadLifetime = TimeSpan.FromSeconds(1800);

    private static readonly TokenListRules ImportListRules = DataPlane.ListRules("imports", maxItemsPerPage: 100);

    public static void MapImportEndpoints(this IEndpointRouteBuilder routes)
    {
        var imports = routes.MapGroup(DataPlane.ProfilesPath + "/Imports");
        imports.MapPost("", CreateImport);
        imports.MapGet("", ListImports);
        imports.MapGet("/{importId}", FetchImport);
        routes.MapPut(EmulatorPaths.AdminPrefix + "/uploads/{importId}", UploadAsync);
    }

    // CreateProfilesImportV2: 201 {importId, url}.
    private static Task<IResult> CreateImport(HttpContext context, EmulatorState state, string storeId) =>
        DataPlane.WithBodyAsync(context, state, storeId, ReadImportRequest, request =>
        {
            var undefined = SchemaEnforcement.Check(state.SchemaOf(storeId), request.ColumnMappings.Select(m => (m.TraitGroup, m.TraitName)));
            if (undefined is not null) return undefined;
            var now = state.Now;
            var import = new ProfileImport
            {
                Id = Ids.NewImportId(),
                StoreId = storeId,
                Filename = request.Filename,
                FileSize = request.FileSize,
                ColumnMappings = request.ColumnMappings,
                CreatedAt = now,
                Sequence = state.NextSequence(),
                UploadSignature = Ids.NewUploadSignature(),
                UploadExpiresAt = now + UploadLifetime,
            };
            state.ProfileImports[import.Id] = import;
            var url = $"{context.Request.Scheme}://{context.Request.Host}{EmulatorPaths.AdminPrefix}/uploads/{import.Id}"
                + $"?X-Amz-Expires={(int)UploadLifetime.TotalSeconds}&{SignatureParameter}={import.UploadSignature}";
            return new ApiResponse(StatusCodes.Status201Created, new JsonObject { ["importId"] = import.Id, ["url"] = url });
        });

    private static IResult ListImports(HttpContext context, EmulatorState state, string storeId)
    {
        lock (state.Sync)
        {
            return (IResult?)DataPlane.CheckStore(context, state, storeId)
                ?? Paging.TokenList(
                    context.Request.Query,
                    state.ProfileImports.Values.Where(i => i.StoreId == storeId),
                    i => i.Sequence,
                    ImportListRules,
                    i => i.Id);
        }
    }

    private static IResult FetchImport(HttpContext context, EmulatorState state, string storeId, string importId)
    {
        lock (state.Sync)
        {
            var storeError = DataPlane.CheckStore(context, state, storeId);
            if (storeError is not null) return storeError;
            if (!state.ProfileImports.TryGetValue(importId, out var import) || import.StoreId != storeId)
            {
                return ApiError.NotFound($"The requested resource /v1/Stores/{storeId}/Profiles/Imports/{importId} was not found");
            }

            var now = state.Now;
            var status = import.StatusAt(now);
            var body = new JsonObject
            {
                ["status"] = status,
                ["filename"] = import.Filename,
                ["createdAt"] = ApiJson.Iso8601(import.CreatedAt),
                ["updatedAt"] = ApiJson.Iso8601(import.UpdatedAt(now)),
                ["fileSize"] = import.FileSize,
                ["columnMappings"] = new JsonArray([.. import.ColumnMappings.Select(m => (JsonNode)new JsonObject
                {
                    ["columnName"] = m.ColumnName,
                    ["traitGroup"] = m.TraitGroup,
                    ["traitName"] = m.TraitName,
                })]),
            };
            if (status is "COMPLETED" or "FAILED") body["summary"] = new JsonObject { ["errors"] = import.Errors, ["warnings"] = import.Warnings };
            return new ApiResponse(StatusCodes.Status200OK, body);
        }
    }

    // The presigned URL: a single PUT of exactly fileSize bytes, while the import is PENDING and the URL has not expired.
    private static async Task<IResult> UploadAsync(HttpContext context, EmulatorState state, string importId)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        lock (state.Sync)
        {
            var now = state.Now;
            if (!state.ProfileImports.TryGetValue(importId, out var import)) return ApiError.NotFound($"No upload is expected for {importId}");
            if (context.Request.Query[SignatureParameter] != import.UploadSignature) return ApiError.Forbidden("The request signature does not match.");
            if (now > import.UploadExpiresAt) return ApiError.Forbidden("The upload URL has expired.");
            if (import.UploadedAt is not null) return ApiError.Conflict($"The file of import {importId} has already been uploaded.");
            if (buffer.Length != import.FileSize)
            {
                return ApiError.BadRequest($"The upload has {buffer.Length} bytes; the import was created with fileSize {import.FileSize}.");
            }

            Process(state, import, CsvTable.Parse(Encoding.UTF8.GetString(buffer.ToArray())));
            import.UploadedAt = now;
            import.ProcessedAt = now.AddMilliseconds(state.Settings.Current.OperationDelayMs);
            return new ApiResponse(StatusCodes.Status200OK, null, new Dictionary<string, string> { ["ETag"] = $"\"{import.UploadSignature[..32]}\"" });
        }
    }

    // A header without every mapped column fails the import. Otherwise each row is one profile write, as in a bulk
    // upsert; a row that cannot be written (no identifier, a limit, the cap) counts as an error, and header columns
    // without a mapping count as warnings.
    private static void Process(EmulatorState state, ProfileImport import, List<List<string>> rows)
    {
        var header = rows.FirstOrDefault() ?? [];
        var missing = import.ColumnMappings.Select(m => m.ColumnName).Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            import.Failure = $"The CSV header lacks the mapped column(s) {string.Join(", ", missing)}.";
            import.Errors = 1;
            return;
        }

        import.Warnings = header.Count(column => import.ColumnMappings.All(m => m.ColumnName != column));
        var writer = new ProfileWriter(state, import.StoreId);
        var schema = state.SchemaOf(import.StoreId);
        foreach (var row in rows.Skip(1))
        {
            var traits = new JsonObject();
            foreach (var mapping in import.ColumnMappings)
            {
                var cell = row.ElementAtOrDefault(header.IndexOf(mapping.ColumnName));
                if (string.IsNullOrEmpty(cell)) continue;
                if (traits[mapping.TraitGroup] is not JsonObject group) traits[mapping.TraitGroup] = group = [];
                group[mapping.TraitName] = cell;
            }

            var refused = TraitGroups.Validate(traits, allowNullValues: false) is not null
                || SchemaEnforcement.Check(schema, traits) is not null
                || ProfileIdentifiers.Of(traits).Count == 0
                || writer.Check(traits) is not null;
            if (refused) import.Errors++;
            else writer.Write(traits);
        }
    }

    // The create body: filename, fileSize and 2 to 100 column mappings, nothing else.
    private static (ImportRequest? Request, ApiError? Error) ReadImportRequest(JsonObject body)
    {
        var unknown = DataPlane.CheckOnly(body, "filename", "fileSize", "columnMappings");
        if (unknown is not null) return (null, unknown);
        if (!JsonValues.IsString(body["filename"], out var filename) || filename.Length is < 1 or > MaxFilenameLength)
        {
            return (null, ApiError.BadRequest($"filename is required: a string of 1 to {MaxFilenameLength} characters."));
        }

        if (!JsonValues.IsInteger(body["fileSize"], out var fileSize) || fileSize is < 1 or > MaxFileSize)
        {
            return (null, ApiError.BadRequest($"fileSize is required: an integer from 1 to {MaxFileSize} (bytes)."));
        }

        if (body["columnMappings"] is not JsonArray items || items.Count is < 2 or > 100)
        {
            return (null, ApiError.BadRequest("columnMappings is required: a list of 2 to 100 mappings."));
        }

        var mappings = new List<ColumnMapping>();
        foreach (var item in items)
        {
            string[] fields = ["columnName", "traitGroup", "traitName"];
            if (item is not JsonObject mapping
                || DataPlane.CheckOnly(mapping, fields) is not null
                || fields.Any(f => !JsonValues.IsString(mapping[f], out var value) || value.Length is < 1 or > MaxMappingFieldLength))
            {
                return (null, ApiError.BadRequest(
                    $"columnMappings[{mappings.Count}] must be {{columnName, traitGroup, traitName}}, each a string of 1 to {MaxMappingFieldLength} characters."));
            }

            mappings.Add(new ColumnMapping(mapping["columnName"]!.GetValue<string>(), mapping["traitGroup"]!.GetValue<string>(), mapping["traitName"]!.GetValue<string>()));
        }

        return (new ImportRequest(filename, fileSize, mappings), null);
    }
}
