using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>
/// What tells observations and conversation summaries apart for their shared write and list routes: the list key,
/// how one item of a write is checked and built, where a profile keeps them, and the list's filters.
/// </summary>
public sealed record MemoryKind<T>(
    string Key,
    string AcceptedMessage,
    Func<JsonObject, string?> Validate,
    Func<JsonObject, MemoryStamp, T> Create,
    Func<Profile, List<T>> ItemsOf,
    Func<IQueryCollection, (Func<T, bool>? Filter, ApiError? Error)> ParseFilter)
    where T : ProfileMemory;
