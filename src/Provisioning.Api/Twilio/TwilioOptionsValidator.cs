using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Provisioning.Api.Twilio;

/// <summary>
/// The parents at start. Either form alone is clear: the single-parent keys (<c>Twilio:AccountSid</c>, <c>AuthToken</c>,
/// <c>ApiKeySid</c>) are one parent, <c>Twilio:Parents:N</c> are several. Together they are accepted only when the
/// single-parent keys repeat <c>Twilio:Parents:0</c> (a deployment moving to the list keeps its old keys for a while);
/// anything else is ambiguous (which account is parent 0, which token is whose?) and refused.
/// </summary>
public sealed partial class TwilioOptionsValidator : IValidateOptions<TwilioOptions>
{
    public ValidateOptionsResult Validate(string? name, TwilioOptions options)
    {
        var failures = options.Parents.Count == 0 ? SingleParentProblems(options) : ParentListProblems(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static List<string> SingleParentProblems(TwilioOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.AccountSid))
            failures.Add("Twilio:AccountSid is required (the parent account's SID), or configure parents as Twilio:Parents:0:AccountSid, Twilio:Parents:1:AccountSid, ….");
        if (string.IsNullOrEmpty(options.AuthToken))
            failures.Add("Twilio:AuthToken is required (the parent account's auth token or an API key secret).");
        return failures;
    }

    private static List<string> ParentListProblems(TwilioOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Parents.Count; i++)
        {
            var parent = options.Parents[i];
            var key = $"Twilio:Parents:{i}";
            if (!AccountSidPattern().IsMatch(parent.AccountSid ?? ""))
                failures.Add($"{key}:AccountSid must be an account SID (AC + 32 hex characters).");
            if (string.IsNullOrEmpty(parent.AuthToken))
                failures.Add($"{key}:AuthToken is required (the parent account's auth token, or the secret of {key}:ApiKeySid).");
            if (!string.IsNullOrEmpty(parent.ApiKeySid) && !ApiKeySidPattern().IsMatch(parent.ApiKeySid))
                failures.Add($"{key}:ApiKeySid must be an API key SID (SK + 32 hex characters).");
            if (parent.MaxSubaccounts is < 0 or > 100_000)
                failures.Add($"{key}:MaxSubaccounts must be between 0 and 100000.");
            if (parent.Name is { Length: > 64 })
                failures.Add($"{key}:Name must be at most 64 characters.");
        }
        failures.AddRange(options.Parents.Select((p, i) => (p.AccountSid, i)).GroupBy(p => p.AccountSid, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1 && !string.IsNullOrEmpty(g.Key))
            .Select(g => $"Twilio:Parents:{string.Join(", :", g.Select(p => p.i))} name the same account {g.Key}: each parent once."));
        failures.AddRange(options.ParentAccounts().GroupBy(p => p.Name, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"Twilio:Parents: the name '{g.Key}' is given to parents {string.Join(", ", g.Select(p => p.Order))}: names must differ."));

        var first = options.Parents[0];
        if (!string.IsNullOrEmpty(options.AccountSid) && !string.Equals(options.AccountSid, first.AccountSid, StringComparison.OrdinalIgnoreCase))
            failures.Add($"Twilio:AccountSid ({options.AccountSid}) and Twilio:Parents:0:AccountSid ({first.AccountSid}) name different parent 0 accounts: ambiguous. "
                         + "Configure parents in one form: remove Twilio:AccountSid, Twilio:AuthToken and Twilio:ApiKeySid, or make Twilio:Parents:0 the same account.");
        else if (!string.IsNullOrEmpty(options.AuthToken) && options.AuthToken != first.AuthToken
                 || !string.IsNullOrEmpty(options.ApiKeySid) && !string.Equals(options.ApiKeySid, first.ApiKeySid, StringComparison.OrdinalIgnoreCase))
            failures.Add("Twilio:AuthToken or Twilio:ApiKeySid (the single-parent form) differ from Twilio:Parents:0's: ambiguous. "
                         + "Remove the single-parent keys once Twilio:Parents is configured, or make them the same.");
        else if (string.IsNullOrEmpty(options.AccountSid) && (!string.IsNullOrEmpty(options.AuthToken) || !string.IsNullOrEmpty(options.ApiKeySid)))
            failures.Add("Twilio:AuthToken or Twilio:ApiKeySid is set without Twilio:AccountSid while Twilio:Parents is configured: ambiguous. "
                         + "Give each parent's credentials as Twilio:Parents:N:AuthToken (and :ApiKeySid).");
        return failures;
    }

    [GeneratedRegex("^AC[0-9a-fA-F]{32}$")]
    private static partial Regex AccountSidPattern();

    [GeneratedRegex("^SK[0-9a-fA-F]{32}$")]
    private static partial Regex ApiKeySidPattern();
}
