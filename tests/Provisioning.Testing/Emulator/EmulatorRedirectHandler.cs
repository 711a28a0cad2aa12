namespace Provisioning.Testing.Emulator;

/// <summary>
/// Sends every request to the emulator whatever host it was addressed to (api/memory/conversations.twilio.com),
/// keeping path and query, which is all the emulator routes on (contract §5). The original host travels in
/// <c>X-Original-Host</c> for debugging.
/// </summary>
public sealed class EmulatorRedirectHandler(Uri emulatorBaseUri, HttpMessageHandler? inner = null)
    // Redirects are not followed: the emulator's Redirect fault is seen as the 3xx it is (Twilio itself never redirects).
    : DelegatingHandler(inner ?? new SocketsHttpHandler { AllowAutoRedirect = false })
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } original)
        {
            request.Headers.TryAddWithoutValidation("X-Original-Host", original.Host);
            request.RequestUri = new UriBuilder(original)
            {
                Scheme = emulatorBaseUri.Scheme,
                Host = emulatorBaseUri.Host,
                Port = emulatorBaseUri.Port,
            }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
