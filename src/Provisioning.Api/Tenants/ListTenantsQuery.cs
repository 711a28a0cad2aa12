namespace Provisioning.Api.Tenants;

/// <summary>Query of <c>GET /v1/tenants</c>, bound as text so that every bad value gets a field error.</summary>
public sealed record ListTenantsQuery(string? Status, string? Limit, string? Cursor, string? Run)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public TenantStatus? ParsedStatus => TryParseStatus(Status, out var s) ? s : null;
    public TenantRunState? ParsedRun => TryParseRun(Run, out var r) ? r : null;

    /// <summary>Run states a list can filter on: the ones an operator looks for.</summary>
    public static readonly TenantRunState[] FilterableRunStates = [TenantRunState.Overdue, TenantRunState.Running];

    public static bool TryParseRun(string? value, out TenantRunState state)
    {
        var match = FilterableRunStates.Cast<TenantRunState?>().FirstOrDefault(s => string.Equals(s.ToString(), value, StringComparison.OrdinalIgnoreCase));
        state = match ?? default;
        return match is not null;
    }

    public int ParsedLimit => int.TryParse(Limit, out var l) ? l : DefaultLimit;
    public Guid? AfterId => KeysetCursor.TryDecode(Cursor, out var id) ? id : null;

    /// <summary>
    /// One status by name. Not <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/>: it also takes numbers and
    /// "A,B" (which it combines into a third status, as if the enum were flags).
    /// </summary>
    public static bool TryParseStatus(string? value, out TenantStatus status)
    {
        var name = Enum.GetNames<TenantStatus>().FirstOrDefault(n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase));
        status = name is null ? default : Enum.Parse<TenantStatus>(name);
        return name is not null;
    }
}
