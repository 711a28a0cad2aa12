namespace Provisioning.Api.Infrastructure.Domain;

/// <summary>A resource that does not exist; the API answers 404 problem details carrying the message.</summary>
public class NotFoundException(string message) : Exception(message);
