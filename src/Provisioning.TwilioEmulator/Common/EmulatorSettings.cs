using System.Text.Json;
using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator;

/// <summary>
/// The live settings. Each change swaps in a whole new <see cref="EmulatorOptions"/> instance, so a request
/// reading <see cref="Current"/> once sees one consistent set of knobs without locking.
/// </summary>
public sealed class EmulatorSettings(EmulatorOptions startup)
{
    private readonly EmulatorOptions _startup = startup.Clone();
    private volatile EmulatorOptions _current = startup.Clone();

    public EmulatorOptions Current => _current;

    public void ResetToStartup() => _current = _startup.Clone();

    /// <summary>
    /// Merges the given JSON properties over the current settings. Unknown properties and invalid values are
    /// rejected; the parent account's identity cannot change at run time.
    /// </summary>
    public string? Merge(JsonObject changes)
    {
        var merged = JsonSerializer.SerializeToNode(_current, ApiJson.CamelCase)!.AsObject();
        var known = merged.Select(p => p.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in changes)
        {
            if (!known.Contains(name)) return $"Unknown setting '{name}'.";
            // Keep the canonical property name so the merged object deserialises cleanly.
            var existing = merged.First(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Key;

            // Sending these back unchanged is fine (a GET-modify-PUT round trip does that); changing them is not: the
            // parent's identity and the state file are what the running state was built from.
            if (existing is "accountSid" or "authToken" or "stateFile" && !JsonNode.DeepEquals(merged[existing], value))
            {
                return $"'{name}' is fixed at start-up (Emulator__{char.ToUpperInvariant(name[0])}{name[1..]}).";
            }
            merged[existing] = value?.DeepClone();
        }

        EmulatorOptions? candidate;
        try
        {
            candidate = merged.Deserialize<EmulatorOptions>(ApiJson.CamelCase);
        }
        catch (JsonException exception)
        {
            return exception.Message;
        }

        if (candidate is null) return "Settings must be a JSON object.";
        var problem = candidate.Validate();
        if (problem is not null) return problem;
        _current = candidate;
        return null;
    }
}
