using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Provisioning.Api.Tests.Integration;

/// <summary>
/// A receiver that takes connections and never answers, as a host that drops packets after the handshake would: each
/// attempt to it costs the caller its whole timeout. Counts the connections it got and those the caller gave up on.
/// </summary>
public sealed class BlackHoleReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<TcpClient> _clients = [];
    private readonly Task _accepting;
    private int _connections;
    private int _hangUps;

    public BlackHoleReceiver()
    {
        _listener.Start(backlog: 100);
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/hooks";
        _accepting = AcceptAsync();
    }

    public string Url { get; }

    /// <summary>Connections taken so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Connections the caller closed (it gave up waiting for an answer).</summary>
    public int HangUps => Volatile.Read(ref _hangUps);

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _clients.Add(client);
                Interlocked.Increment(ref _connections);
                _ = HoldAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    // Reads the request and whatever follows, answering nothing, until the caller hangs up.
    private async Task HoldAsync(TcpClient client)
    {
        var buffer = new byte[4096];
        try
        {
            var stream = client.GetStream();
            while (await stream.ReadAsync(buffer, _stop.Token) > 0)
            {
            }
            Interlocked.Increment(ref _hangUps);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            if (!_stop.IsCancellationRequested) Interlocked.Increment(ref _hangUps);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var client in _clients) client.Dispose();
        await _accepting;
        _stop.Dispose();
    }
}
