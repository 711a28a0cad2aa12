using Microsoft.AspNetCore.Mvc;

namespace Provisioning.Api.Infrastructure.Http;

/// <summary>
/// A feature's own exceptions as problem details. Infrastructure knows no feature, so a feature that lets an exception
/// of its own reach the caller registers a mapper from its <c>AddX()</c> (a singleton); <see cref="ExceptionProblems"/>
/// asks each after the exceptions it knows itself.
/// </summary>
public interface IProblemDetailsMapper
{
    /// <summary>The problem <paramref name="exception"/> is for the caller, or null when it is not this feature's to describe.</summary>
    ProblemDetails? Describe(Exception exception);
}
