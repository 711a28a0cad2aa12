namespace Provisioning.Api.Twilio;

/// <summary>
/// The pages one listing has asked for. Twilio's page links and tokens are followed until there are none; one that
/// leads back to a page already read, or a listing longer than any account holds, would otherwise loop for ever
/// (a worker held, Twilio called without end): both end the listing with a <see cref="TwilioApiException"/>.
/// </summary>
public sealed class TwilioPageTrail(string listing)
{
    /// <summary>
    /// The most pages one listing reads: far beyond what a parent holds (1,000 subaccounts, a handful of keys, 15 stores
    /// and 10 configurations per account, read 100 or 1,000 to a page).
    /// </summary>
    public const int MaxPages = 1_000;

    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);

    /// <summary>Records the page about to be asked for (its link or token; "" for a first page without one).</summary>
    public void Visit(string page)
    {
        if (!_asked.Add(page))
            throw new TwilioApiException($"Twilio's paging of {listing} leads back to a page already read ({Shorten(page)}); the listing was stopped.");
        if (_asked.Count > MaxPages)
            throw new TwilioApiException($"Twilio's paging of {listing} goes on past {MaxPages} pages; the listing was stopped.");
    }

    private static string Shorten(string page) => page.Length <= 120 ? page : page[..120] + "…";
}
