namespace Provisioning.Api.Twilio;

public static class TwilioPaging
{
    /// <summary>
    /// The next page to ask for, relative to the client's base address. A page link is followed with the parent's
    /// credentials, so one that names another host is refused rather than followed.
    /// </summary>
    public static string? NextPagePath(string? nextPageUri, Uri? baseAddress)
    {
        if (string.IsNullOrEmpty(nextPageUri)) return null;
        if (Uri.TryCreate(nextPageUri, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttps || absolute.Scheme == Uri.UriSchemeHttp))
        {
            if (!string.Equals(absolute.Authority, baseAddress?.Authority, StringComparison.OrdinalIgnoreCase))
                throw new TwilioApiException($"Twilio's next page names another host ({absolute.Host}); not followed with our credentials.");
            return absolute.PathAndQuery.TrimStart('/');
        }
        if (nextPageUri.StartsWith("//", StringComparison.Ordinal))
            throw new TwilioApiException("Twilio's next page names another host; not followed with our credentials.");
        return nextPageUri.TrimStart('/');
    }
}
