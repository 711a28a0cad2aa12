using System.Net;

namespace Provisioning.Api.Webhooks;

/// <summary>A connection the outbound address policy did not allow; nothing was sent.</summary>
public sealed class OutboundAddressRefusedException(string host, IPAddress address, string kind)
    : Exception($"Refused to connect to {host}: it resolves to {address}, a {kind} address.");
