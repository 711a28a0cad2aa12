namespace Provisioning.Api.Console;

/// <summary>One page of the tenants list; <see cref="NextCursor"/> is passed back as <c>after</c> for the next.</summary>
public sealed record TenantSearchPage(IReadOnlyList<TenantRow> Rows, int Total, string? NextCursor);
