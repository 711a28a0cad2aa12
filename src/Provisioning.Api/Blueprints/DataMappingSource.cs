using System.Text.Json.Serialization;

namespace Provisioning.Api.Blueprints;

/// <summary>
/// A data mapping's <c>mappingFrom</c>: <c>INGRESS</c> with its <see cref="Columns"/>, or <c>DATASET_CLOUDAPP</c> /
/// <c>DATASET_WAREHOUSE</c> with a <see cref="DatasetId"/> (contract §12.2).
/// </summary>
public sealed record DataMappingSource(
    string? Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string?>? Columns = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DatasetId = null);
