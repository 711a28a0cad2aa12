using System.Text.Json;
using System.Threading.Channels;

namespace Provisioning.TwilioEmulator.Persistence;

/// <summary>
/// Keeps <see cref="EmulatorState"/> in the file named by <see cref="EmulatorOptions.StateFile"/>: loaded once at start,
/// written after state-changing requests (bursts coalesce into one write) and once more when the host stops. Each
/// write goes to a temporary file that then replaces the old one, so a crash leaves either the old or the new state.
/// </summary>
public sealed class StateFile : IHostedService, IDisposable
{
    // Long enough to fold a client's burst of writes into one file write, short enough that little is lost on a crash.
    private static readonly TimeSpan CoalesceDelay = TimeSpan.FromMilliseconds(100);

    // Computed properties (a store's ETag, an account's IsTopLevel) are derived on load, so the file leaves them out.
    private static readonly JsonSerializerOptions FileJson = new(ApiJson.CamelCase) { IgnoreReadOnlyProperties = true };

    private readonly EmulatorState _state;
    private readonly EmulatorOptions _options;
    private readonly ILogger<StateFile> _logger;
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _writing = new();
    private Task _writer = Task.CompletedTask;

    public StateFile(EmulatorState state, EmulatorSettings settings, ILogger<StateFile> logger)
    {
        _state = state;
        _options = settings.Current;
        _logger = logger;
        Path = System.IO.Path.GetFullPath(settings.Current.StateFile ?? throw new InvalidOperationException("No Emulator:StateFile is set."));
    }

    public string Path { get; }

    /// <summary>Called after every request that may have changed the state; cheap, and never blocks the request.</summary>
    public void MarkChanged() => _changes.Writer.TryWrite(true);

    /// <summary>
    /// Replaces the state with the file's content when the file exists. A file written for another parent account (or
    /// with another parent auth token) is refused: its stores would belong to credentials this run does not print.
    /// </summary>
    public void Load()
    {
        if (!File.Exists(Path))
        {
            _logger.LogInformation("No emulator state file at {Path} yet; starting empty", Path);
            return;
        }

        var persisted = JsonSerializer.Deserialize<PersistedState>(File.ReadAllBytes(Path), FileJson)
            ?? throw new InvalidOperationException($"The emulator state file {Path} is empty.");
        if (persisted.FormatVersion != PersistedState.CurrentFormatVersion)
        {
            throw new InvalidOperationException(
                $"The emulator state file {Path} has format version {persisted.FormatVersion}; this emulator reads {PersistedState.CurrentFormatVersion}. Delete the file to start empty.");
        }

        var parents = persisted.Accounts.Where(a => a.IsTopLevel).ToList();
        if (parents.Count != 1 || parents[0].Sid != _options.AccountSid || parents[0].AuthToken != _options.AuthToken)
        {
            throw new InvalidOperationException(
                $"The emulator state file {Path} was written for parent account {string.Join(", ", parents.Select(p => p.Sid))}, not for "
                + $"{_options.AccountSid} with the configured auth token. Start with the same Emulator__AccountSid and Emulator__AuthToken, or delete the file.");
        }

        _state.Import(persisted);
        _logger.LogInformation(
            "Loaded emulator state from {Path}: {Accounts} accounts, {Stores} stores, {Profiles} profiles",
            Path, persisted.Accounts.Count, persisted.Stores.Count, persisted.Profiles.Count);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writer = Task.Run(() => WriteChangesAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops the background writer, then writes once more so that a graceful shutdown loses nothing.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await _writer;
        }
        catch (OperationCanceledException)
        {
            // The writer was waiting for the next change; the final write below covers anything pending.
        }

        Write();
    }

    public void Dispose() => _stopping.Dispose();

    private async Task WriteChangesAsync(CancellationToken stopping)
    {
        while (await _changes.Reader.WaitToReadAsync(stopping))
        {
            _changes.Reader.TryRead(out _);
            await Task.Delay(CoalesceDelay, stopping);
            try
            {
                Write();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The next change (or the shutdown) tries again; the request that changed the state has long been answered.
                _logger.LogError(exception, "Could not write the emulator state file {Path}", Path);
            }
        }
    }

    private void Write()
    {
        // One writer at a time, snapshot included, so an older snapshot can never overwrite a newer one.
        lock (_writing)
        {
            byte[] content;
            lock (_state.Sync) content = JsonSerializer.SerializeToUtf8Bytes(_state.Export(), FileJson);

            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            var temporary = Path + ".tmp";
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
        }
    }
}
