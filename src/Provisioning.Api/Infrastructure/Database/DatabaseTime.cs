namespace Provisioning.Api.Infrastructure.Database;

public static class DatabaseTime
{
    /// <summary>
    /// PostgreSQL keeps microseconds: a time truncated to them reads back exactly as written, so an answer
    /// built from the entity shows what a later GET will.
    /// </summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => new(time.Ticks - time.Ticks % 10, time.Offset);
}
