using System.ComponentModel.DataAnnotations;

namespace Provisioning.Api.Console;

public sealed class ConsoleOptions
{
    public const string SectionName = "Console";

    /// <summary>How long a console session lasts without use (sliding: each request renews it).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Console:SessionLifetime must be between 1 minute and 30 days.")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// Secure, <c>__Host-</c>-prefixed cookies (the default, for every deployment, whatever the Host header says).
    /// False only for a run a browser reaches over plain http (the local run script, docker compose, the tests),
    /// where a Secure cookie would not come back and nobody could sign in.
    /// </summary>
    public bool SecureCookies { get; set; } = true;
}
