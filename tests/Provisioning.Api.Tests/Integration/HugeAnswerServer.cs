using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Provisioning.Api.Tests.Integration;

/// <summary>
/// Answers every HTTP request on a loopback port with 200 and a body of <see cref="BodyBytes"/>, counting what the
/// caller's connection took. Raw sockets rather than Kestrel: Kestrel drops writes to a connection the caller has
/// closed without failing them, so it cannot tell what was taken; a socket's send fails once the caller is gone.
/// </summary>
public sealed class HugeAnswerServer : IAsyncDisposable
{
    public const long BodyBytes = 64L * 1024 * 1024;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private long _bytesSent;
    private int _requests;
    private int _hangUps;

    public HugeAnswerServer()
    {
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/huge";
        _accepting = AcceptAsync();
    }

    public string Url { get; }

    /// <summary>Body bytes the callers' connections took (socket buffers included).</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Answers the caller stopped by closing its connection.</summary>
    public int HangUps => Volatile.Read(ref _hangUps);

    private async Task AcceptAsync()
    {
        try
        {
            while (true) _ = AnswerAsync(await _listener.AcceptTcpClientAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            await ReadRequestHeadAsync(stream);
            Interlocked.Increment(ref _requests);
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {BodyBytes}\r\n\r\n"), _stop.Token);
            var chunk = new byte[64 * 1024];
            for (var left = BodyBytes; left > 0; left -= chunk.Length)
            {
                await stream.WriteAsync(chunk, _stop.Token);
                Interlocked.Add(ref _bytesSent, chunk.Length);
            }
        }
        catch (IOException)
        {
            Interlocked.Increment(ref _hangUps);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>Up to the blank line after the headers; the request body is left unread.</summary>
    private async Task ReadRequestHeadAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0) throw new IOException("The caller closed the connection before its request was complete.");
            head.Add(one[0]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
