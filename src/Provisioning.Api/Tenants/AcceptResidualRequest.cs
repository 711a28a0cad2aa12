namespace Provisioning.Api.Tenants;

/// <summary>Body of <c>POST /v1/tenants/{clientId}/erasure:accept-residual</c>: why what remains at Twilio may stay.</summary>
public sealed record AcceptResidualRequest(string? Reason);
