namespace Provisioning.Api.Twilio;

/// <summary>Identity resolution settings as fetched, with the ETag a PUT must send back in <c>If-Match</c>.</summary>
public sealed record FetchedIdentityResolutionSettings(IdentityResolutionSettings Settings, string ETag);
