using System.Text.Json.Serialization;

namespace Provisioning.Api.Blueprints;

/// <summary>
/// A data mapping the tenant's store is to have: Twilio's <c>CreateDataMappingInput</c> (contract §12.2), feeding traits
/// from ingress columns or a data integration dataset.
/// </summary>
public sealed record DataMapping(
    string? DisplayName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
    bool? IsEnabled,
    DataMappingTarget? MappingTo,
    DataMappingSource? MappingFrom);
