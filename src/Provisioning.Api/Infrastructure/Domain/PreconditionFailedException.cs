namespace Provisioning.Api.Infrastructure.Domain;

/// <summary>The request's precondition (If-Match) does not hold: the resource changed since the caller read it (412).</summary>
public class PreconditionFailedException(string message) : Exception(message);
