namespace Provisioning.TwilioEmulator;

/// <summary>
/// How one token-paged list reads <c>pageSize</c>, <c>pageToken</c> and <c>orderBy</c> and fills <c>meta</c>.
/// <paramref name="MaxItemsPerPage"/> is the response schema's <c>maxItems</c>, which for some data-plane lists is
/// smaller than the largest <c>pageSize</c> the parameter accepts; a page never holds more.
/// </summary>
public sealed record TokenListRules(
    string Key,
    int MaxPageSize,
    int MaxPageTokenLength,
    bool MetaPageSizeIsItemCount,
    int DefaultPageSize = 50,
    int MaxItemsPerPage = int.MaxValue);
