using System.ComponentModel.DataAnnotations;

namespace Provisioning.Api.Console;

public sealed class ConsoleOptions
{
    public const string SectionName = "Console";

    /// <summary>How long a console session lasts without use (sliding: each request renews it).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Console:SessionLifetime must be between 1 minute and 30 days.")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
}
