using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Provisioning.Testing.Service;

/// <summary>
/// The service as a separate OS process (<c>dotnet Provisioning.Api.dll</c>) configured only through
/// environment variables, as a deployment runs it: something a test can SIGKILL at any instruction.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>The OS process id, for a benchmark that reads the process's CPU time from /proc.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Peak and current resident memory (VmHWM, VmRSS from /proc), in bytes; null where /proc is missing.</summary>
    public (long PeakBytes, long CurrentBytes)? Memory()
    {
        var path = $"/proc/{_process.Id}/status";
        if (!File.Exists(path)) return null;
        long Read(string key) => File.ReadLines(path).Where(l => l.StartsWith(key, StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024).FirstOrDefault();
        return (Read("VmHWM:"), Read("VmRSS:"));
    }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts the service with <paramref name="settings"/> (configuration keys) and waits until it is ready.</summary>
    /// <param name="settings">Configuration keys (Section:Key), passed as environment variables.</param>
    /// <param name="serviceDll">The program to run; the service by default, the emulator for benchmarks.</param>
    /// <param name="readyPath">What answers 200 once the program is ready.</param>
    public static async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, string? serviceDll = null,
        string readyPath = "/health/ready")
    {
        var port = FreeLoopbackPort();
        var baseUrl = $"http://127.0.0.1:{port}";
        // The service's assembly sits beside any project that references it.
        var start = new ProcessStartInfo("dotnet", [serviceDll ?? Path.Combine(AppContext.BaseDirectory, "Provisioning.Api.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = baseUrl;
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = new Process { StartInfo = start };
        var service = new ServiceProcess(process, baseUrl);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The service exited with {process.ExitCode}:\n{service.Output}");
            try
            {
                if ((await http.GetAsync(baseUrl + readyPath)).StatusCode == HttpStatusCode.OK) return service;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        await service.DisposeAsync();
        throw new TimeoutException($"The service did not become ready:\n{service.Output}");
    }

    /// <summary>SIGTERM, as an orchestrator stops a process, and waits for it to exit by itself.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited) return;
        if (SendSignal(_process.Id, SigTerm) != 0) throw new InvalidOperationException($"SIGTERM to {_process.Id} failed.");
        await _process.WaitForExitAsync().WaitAsync(timeout);
    }

    private const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>SIGKILL: no shutdown hooks, no finally blocks, no flushing.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public HttpClient CreateClient(string apiKey)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
