namespace Provisioning.Api.Infrastructure.Domain;

/// <summary>
/// A request that the current state of a resource does not allow. The API answers it with 409 problem
/// details carrying <see cref="Exception.Message"/>, which is written for the caller.
/// </summary>
public class ConflictException(string message) : Exception(message);
