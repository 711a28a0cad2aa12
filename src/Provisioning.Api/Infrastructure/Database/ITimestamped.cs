namespace Provisioning.Api.Infrastructure.Database;

/// <summary>An entity whose <see cref="UpdatedAt"/> the <see cref="TimestampInterceptor"/> stamps on every save that changes it.</summary>
public interface ITimestamped
{
    DateTimeOffset CreatedAt { get; }
    DateTimeOffset UpdatedAt { get; }
}
