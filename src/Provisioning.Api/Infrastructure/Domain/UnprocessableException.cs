namespace Provisioning.Api.Infrastructure.Domain;

/// <summary>
/// A well-formed request the domain cannot carry out as asked (answered 422, the message under
/// <see cref="Field"/> saying what to do instead).
/// </summary>
public class UnprocessableException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;

    /// <summary>The problem's title: what kind of refusal this is.</summary>
    public virtual string Title => "The change cannot be made this way";
}
