using System.Net;
using System.Net.Sockets;

namespace Provisioning.Api.Webhooks;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of the HttpClient that calls tenants' URLs: it resolves the
/// host itself, refuses the connection unless the policy allows every address the name resolves to, and connects to
/// exactly those addresses, so no second lookup can answer differently (DNS rebinding).
/// </summary>
public sealed class OutboundConnector(OutboundAddressPolicy policy, HostAddressResolver resolve)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await resolve(host, cancellationToken);
        if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
        // Every address, not just the first: a name answering both a public and a private address is refused.
        foreach (var address in addresses)
            if (policy.RefusalOf(address) is { } kind)
                throw new OutboundAddressRefusedException(host, address, kind);

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
