using System.Text.RegularExpressions;

namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>
/// The data-plane routes whose answers the spec lets a caller ask compressed (<c>Accept-Encoding</c>, contract P15):
/// Recall, the observation and summary lists and creates, and an observation's revisions. Only there does the emulator
/// compress (gzip or br, as asked), so clients that send <c>Accept-Encoding</c> elsewhere and never decode keep working.
/// </summary>
public static partial class CompressedResponses
{
    public static bool Apply(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) && PostRoute().IsMatch(request.Path.Value ?? ""))
        || (HttpMethods.IsGet(request.Method) && GetRoute().IsMatch(request.Path.Value ?? ""));

    [GeneratedRegex(@"^/v1/Stores/[^/]+/Profiles/[^/]+/(Recall|Observations|ConversationSummaries)\z", RegexOptions.IgnoreCase)]
    private static partial Regex PostRoute();

    [GeneratedRegex(@"^/v1/Stores/[^/]+/Profiles/[^/]+/(Observations|ConversationSummaries|Observations/[^/]+/Revisions)\z", RegexOptions.IgnoreCase)]
    private static partial Regex GetRoute();
}
