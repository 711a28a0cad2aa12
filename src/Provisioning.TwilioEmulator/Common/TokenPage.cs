
namespace Provisioning.TwilioEmulator;

/// <summary>One page of a token-paged list (Memory and Conversations, contract §1.5).</summary>
public sealed record TokenPage<T>(IReadOnlyList<T> Items, string? NextToken, string? PreviousToken);
