namespace Provisioning.Api.Twilio;

/// <summary>A trait group as fetched, with the ETag a PATCH must send back in <c>If-Match</c>.</summary>
public sealed record FetchedTraitGroup(TraitGroup Group, string ETag);
