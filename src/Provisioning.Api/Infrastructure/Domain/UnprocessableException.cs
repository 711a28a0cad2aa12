namespace Provisioning.Api.Infrastructure.Domain;

/// <summary>
/// A well-formed request the domain cannot carry out as asked (answered 422, the message under
/// <see cref="Field"/> saying what to do instead).
/// </summary>
public class UnprocessableException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
