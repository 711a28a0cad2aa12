using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Api.Gateway;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Gateway;

/// <summary>
/// A token naming a key this instance has not loaded makes it read the keys again, at once: but only one request
/// does so at a time, and no more often than <see cref="SigningKeyRing.UnknownKeyReloadInterval"/>, so that
/// anyone (no credential needed) sending made-up key ids cannot make every request read and decrypt the keys.
/// </summary>
public sealed class SigningKeyReloadTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    [Fact]
    public async Task Concurrent_tokens_with_unknown_key_ids_reload_the_keys_at_most_once()
    {
        await stack.ReadyTenantAsync("kid-a");
        await stack.TokenAsync("kid-a", "memory:read"); // the keys are loaded now
        using var reloads = new ReloadCounter(stack.Host.Services.GetRequiredService<IMeterFactory>());
        await Task.Delay(SigningKeyRing.UnknownKeyReloadInterval + TimeSpan.FromMilliseconds(200));

        var first = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => UnknownKeyAsync()));
        var afterFirst = reloads.Count;
        var second = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => UnknownKeyAsync()));

        Assert.All(first.Concat(second), status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(1, afterFirst);
        // Keys loaded a moment ago are fresh: an unknown key id now is simply refused.
        Assert.Equal(1, reloads.Count);
    }

    /// <summary>A well-formed token signed with a key nobody has, named by a key id nobody knows.</summary>
    private async Task<HttpStatusCode> UnknownKeyAsync()
    {
        var header = GatewayClients.EncodeBase64Url($$"""{"alg":"HS256","typ":"JWT","kid":"{{Guid.NewGuid():N}}"}""");
        var payload = GatewayClients.EncodeBase64Url("""{"client_id":"kid-a","scope":"memory:read"}""");
        using var client = stack.WithToken($"{header}.{payload}.c2lnbmF0dXJl");
        using var response = await client.GetAsync("/v1/tenants/kid-a/memory/Profiles");
        return response.StatusCode;
    }

    /// <summary>Counts <c>provisioning.gateway.signing_key_reloads</c> of this stack's host only (other tests' hosts run in the same process).</summary>
    private sealed class ReloadCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public ReloadCounter(IMeterFactory hostMeters)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, hostMeters) && instrument.Name == "provisioning.gateway.signing_key_reloads")
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
