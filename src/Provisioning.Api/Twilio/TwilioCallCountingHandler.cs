using Provisioning.Api.Infrastructure.Telemetry;

namespace Provisioning.Api.Twilio;

/// <summary>
/// The innermost handler of every Twilio client: sees each attempt that actually goes out, counts it for the
/// current flow and in the <c>provisioning.twilio.calls</c> metric by endpoint and outcome.
/// </summary>
internal sealed class TwilioCallCountingHandler(ProvisioningMetrics metrics) : DelegatingHandler
{
    private static readonly HashSet<string> Collections = new(StringComparer.OrdinalIgnoreCase) { "Stores", "Operations", "Configurations", "Accounts", "Keys" };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        TwilioCallCounter.Increment();
        var endpoint = Endpoint(request.RequestUri);
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            metrics.RecordTwilioCall(endpoint, request.Method.Method, status == 429 ? "429" : $"{status / 100}xx");
            return response;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.RecordTwilioCall(endpoint, request.Method.Method, "error");
            throw;
        }
    }

    /// <summary>The path with ids replaced, e.g. <c>/v1/ControlPlane/Stores/{id}</c>: a bounded set of label values.</summary>
    internal static string Endpoint(Uri? uri)
    {
        if (uri is null) return "unknown";
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 1; i < segments.Length; i++)
        {
            var collection = segments[i - 1].Replace(".json", "", StringComparison.OrdinalIgnoreCase);
            if (Collections.Contains(collection)) segments[i] = segments[i].EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "{id}.json" : "{id}";
        }
        return "/" + string.Join('/', segments);
    }
}
