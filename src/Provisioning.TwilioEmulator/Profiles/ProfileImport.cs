namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>
/// A CSV profile import. PENDING until the file arrives at its upload URL; the rows are applied then, and the import
/// reports PROCESSING until <see cref="ProcessedAt"/>, then COMPLETED or FAILED.
/// </summary>
public sealed class ProfileImport
{
    public required string Id { get; init; }
    public required string StoreId { get; init; }
    public required string Filename { get; init; }
    public required long FileSize { get; init; }
    public required List<ColumnMapping> ColumnMappings { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required long Sequence { get; init; }

    /// <summary>Stands in for the presigned URL's signature: only a request carrying it may upload.</summary>
    public required string UploadSignature { get; init; }

    public required DateTimeOffset UploadExpiresAt { get; init; }
    public DateTimeOffset? UploadedAt { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
    public int Errors { get; set; }
    public int Warnings { get; set; }

    /// <summary>Why the whole file was refused (e.g. a mapped column missing from its header); null when rows were applied.</summary>
    public string? Failure { get; set; }

    public string StatusAt(DateTimeOffset now)
    {
        if (UploadedAt is null) return "PENDING";
        if (now < ProcessedAt) return "PROCESSING";
        return Failure is null ? "COMPLETED" : "FAILED";
    }

    public DateTimeOffset UpdatedAt(DateTimeOffset now) => StatusAt(now) switch
    {
        "PENDING" => CreatedAt,
        "PROCESSING" => UploadedAt!.Value,
        _ => ProcessedAt!.Value,
    };
}
