using System.Net.Sockets;

namespace Provisioning.Testing.Postgres;

/// <summary>
/// Decides quickly, without Testcontainers (which can wait a long time on a missing engine),
/// whether a Docker engine answers <c>GET /_ping</c>.
/// </summary>
internal static class DockerProbe
{
    internal readonly record struct Result(bool Available, string Endpoint, string Reason);

    public static async Task<Result> PingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var endpoints = Candidates().ToList();
        if (endpoints.Count == 0)
            return new Result(false, "", "DOCKER_HOST unset and no docker.sock found");

        var reasons = new List<string>();
        foreach (var endpoint in endpoints)
        {
            try
            {
                if (await PingOneAsync(endpoint, timeout, cancellationToken).ConfigureAwait(false))
                    return new Result(true, endpoint, "");
                reasons.Add($"{endpoint}: no OK answer");
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                reasons.Add($"{endpoint}: {ex.GetType().Name} {ex.Message}");
            }
        }

        return new Result(false, "", string.Join("; ", reasons));
    }

    private static IEnumerable<string> Candidates()
    {
        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrWhiteSpace(dockerHost))
        {
            // An explicit DOCKER_HOST is the only candidate: Testcontainers would use it too.
            yield return dockerHost.Trim();
            yield break;
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var runtimeDir = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        string?[] sockets =
        [
            "/var/run/docker.sock",
            string.IsNullOrEmpty(runtimeDir) ? null : Path.Combine(runtimeDir, "docker.sock"),
            string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".docker", "run", "docker.sock"),
            string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".docker", "desktop", "docker.sock"),
        ];
        foreach (var socket in sockets)
        {
            if (socket is not null && File.Exists(socket))
                yield return "unix://" + socket;
        }
    }

    private static async Task<bool> PingOneAsync(string endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);

        Uri requestUri;
        SocketsHttpHandler handler;
        if (endpoint.StartsWith("unix://", StringComparison.Ordinal))
        {
            var socketPath = endpoint["unix://".Length..];
            handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, token) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), token).ConfigureAwait(false);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            };
            requestUri = new Uri("http://docker/_ping");
        }
        else if (endpoint.StartsWith("tcp://", StringComparison.Ordinal))
        {
            // TLS engines (DOCKER_TLS_VERIFY) answer on https; a plain ping is enough to see that something listens.
            var scheme = Environment.GetEnvironmentVariable("DOCKER_TLS_VERIFY") is "1" ? "https" : "http";
            handler = new SocketsHttpHandler();
            requestUri = new Uri($"{scheme}://{endpoint["tcp://".Length..].TrimEnd('/')}/_ping");
        }
        else
        {
            // npipe:// or ssh:// – let Testcontainers try; it reports its own errors.
            return true;
        }

        using (handler)
        using (var client = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan })
        {
            try
            {
                using var response = await client.GetAsync(requestUri, cts.Token).ConfigureAwait(false);
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException ex) when (requestUri.Scheme == "https" && ex.InnerException is System.Security.Authentication.AuthenticationException)
            {
                return true; // something speaks TLS there: a client-certificate engine
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"no answer within {timeout.TotalSeconds:0.#} s");
            }
        }
    }
}
