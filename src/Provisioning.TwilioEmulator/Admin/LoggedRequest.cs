
namespace Provisioning.TwilioEmulator.Admin;

/// <summary>
/// One Twilio API request as the emulator saw it, for tests to assert on. <see cref="HeaderNames"/> lists the
/// request's header names (not their values, which include credentials), so a client can prove what it sent.
/// </summary>
public sealed record LoggedRequest(
    long Sequence,
    DateTimeOffset Time,
    string Method,
    string Path,
    string Query,
    string? AccountSid,
    string? CredentialSid,
    int Status,
    string? Body,
    string? IdempotencyKey,
    IReadOnlyList<string>? HeaderNames = null);
