using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Polly.Timeout;

namespace Provisioning.Api.Twilio;

/// <summary>
/// What every Twilio API client shares: Basic auth per call, JSON in and out, the classic error object
/// (contract §1.3), Retry-After, and turning "no answer" into a <see cref="TwilioApiException"/> whose
/// <see cref="TwilioApiException.Status"/> is null.
/// </summary>
/// <remarks>
/// We speak HTTP to Twilio directly rather than through the Twilio C# SDK: its calls take no
/// CancellationToken, its exceptions drop response headers such as Retry-After, its store listing reads
/// only the first page and cannot pass a page token (contract §1.5), and it has no base-URL override
/// (§5). The wire format here is the one the contract recorded from that SDK; the emulator's tests run
/// the SDK itself against the same server to keep the two honest.
/// </remarks>
public abstract class TwilioHttpClient(HttpClient http)
{
    // Only fields that are set are sent, as the SDKs do (contract §1.1).
    protected static readonly JsonSerializerOptions CamelCase = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The configured host: page links are followed only there.</summary>
    protected Uri? BaseAddress => http.BaseAddress;

    protected async Task<TwilioResponse<T>> SendAsync<T>(HttpRequestMessage request, TwilioCredentials credentials,
        JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        using var response = await SendCheckedAsync(request, credentials, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<T>(json, cancellationToken)
                   ?? throw new TwilioApiException($"{request.Method} {request.RequestUri?.AbsolutePath}: empty body.", response.StatusCode);
        return new TwilioResponse<T>(body, response.StatusCode, response.Headers, ReadRetryAfter(response));
    }

    /// <summary>A call whose success carries no body (API v2010 deletes answer 204).</summary>
    protected async Task SendAsync(HttpRequestMessage request, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        using var _ = await SendCheckedAsync(request, credentials, cancellationToken);
    }

    /// <summary>The answer when it is a success; a <see cref="TwilioApiException"/> otherwise.</summary>
    private async Task<HttpResponseMessage> SendCheckedAsync(HttpRequestMessage request, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = credentials.ToAuthorizationHeader();
        request.Options.Set(TwilioConcurrencyLimiter.AccountSid, credentials.AccountSid);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException
                                  || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new TwilioApiException($"{request.Method} {request.RequestUri?.AbsolutePath}: no answer from Twilio ({e.GetType().Name}).", inner: e);
        }

        if (response.IsSuccessStatusCode) return response;
        using (response)
            throw await ToExceptionAsync(request, response, ReadRetryAfter(response), cancellationToken);
    }

    protected static HttpRequestMessage JsonRequest(HttpMethod method, string path, object? body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = JsonContent.Create(body, body.GetType(), options: CamelCase);
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    /// <summary>Operation id of a 202 (contract §1.4): the header if present, else the end of statusUrl.</summary>
    protected static AcceptedOperation ToAcceptedOperation<T>(TwilioResponse<T> response, string? statusUrl)
    {
        var id = response.Headers.TryGetValues("Operation-Id", out var values) ? values.FirstOrDefault() : null;
        if (string.IsNullOrEmpty(id) && statusUrl is not null)
        {
            const string marker = "/ControlPlane/Operations/";
            var at = statusUrl.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0) id = Uri.UnescapeDataString(statusUrl[(at + marker.Length)..].Split('?', '#')[0]);
        }
        if (string.IsNullOrEmpty(id))
            throw new TwilioApiException("Twilio accepted the request but named no operation to poll.", response.Status);
        return new AcceptedOperation(id, response.RetryAfter);
    }

    private static TimeSpan? ReadRetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - DateTimeOffset.UtcNow;
        // Some servers send a non-RFC value such as "1.5"; accept whole or fractional seconds.
        return response.Headers.TryGetValues("Retry-After", out var raw)
               && double.TryParse(raw.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    private static async Task<TwilioApiException> ToExceptionAsync(HttpRequestMessage request, HttpResponseMessage response,
        TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        int? code = null;
        string? message = null;
        try
        {
            var error = await response.Content.ReadFromJsonAsync<TwilioErrorBody>(CamelCase, cancellationToken);
            code = error?.Code;
            message = error?.Message ?? error?.Detail ?? error?.Title;
        }
        catch (JsonException)
        {
            // Not the classic error object (a proxy's HTML page, say): the status alone has to do.
        }
        catch (NotSupportedException)
        {
        }

        var text = $"{request.Method} {request.RequestUri?.AbsolutePath} → {(int)response.StatusCode}"
                   + (code is null ? "" : $" (Twilio code {code})") + (message is null ? "" : $": {message}")
                   + RedirectNote(response);
        return new TwilioApiException(text, response.StatusCode, code, retryAfter);
    }

    /// <summary>A 3xx is an answer Twilio's API never gives: say so, and where it pointed, rather than follow it.</summary>
    private static string RedirectNote(HttpResponseMessage response) =>
        (int)response.StatusCode is >= 300 and < 400
            ? $" (a redirect{(response.Headers.Location is { IsAbsoluteUri: true } location ? $" to {location.Host}" : "")}, not followed: Twilio's API does not redirect)"
            : "";

    private sealed record TwilioErrorBody(int? Code, string? Message, string? Title, string? Detail);
}
