using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Provisioning.Benchmarks;

/// <summary>
/// An open-loop load generator: requests start on a fixed schedule whatever the answers do, and latency is
/// measured from when a request was due, so a slow server cannot hide its queueing (no coordinated omission).
/// </summary>
internal static class OpenLoop
{
    public static async Task<Result> RunAsync(HttpClient http, int ratePerSecond, TimeSpan duration, Func<int, HttpRequestMessage> request)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var total = (int)(ratePerSecond * duration.TotalSeconds);
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / ratePerSecond);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            var index = i;
            inFlight.Add(Task.Run(async () =>
            {
                try
                {
                    using var message = request(index);
                    using var response = await http.SendAsync(message);
                    if ((int)response.StatusCode >= 400) Interlocked.Increment(ref errors);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }
                latencies.Add((clock.Elapsed - due).TotalMilliseconds);
            }));
        }
        await Task.WhenAll(inFlight);
        var sorted = latencies.Order().ToArray();
        return new Result(total, total / clock.Elapsed.TotalSeconds, SignupBenchmarks.Percentile(sorted, 0.5), SignupBenchmarks.Percentile(sorted, 0.99), errors);
    }

    public sealed record Result(int Sent, double AchievedRate, double P50Ms, double P99Ms, int Errors)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{AchievedRate:F0} req/s achieved; p50 {P50Ms:F1} ms, p99 {P99Ms:F1} ms; {Errors} errors of {Sent:N0}");
    }
}
