using MemoryAgent;

// Usage: dotnet run --project samples/MemoryAgent -- <clientId> <phone> "<what the caller said>" "<question>"
// PROVISIONING_URL (default http://127.0.0.1:5000, deploy/local/run.sh) and PROVISIONING_API_KEY (a ControlPlane or Admin key;
// default run.sh's dev-admin-key) say where the service is and how to ask it for a token.
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: MemoryAgent <clientId> <phone> <said> <question>");
    return 2;
}
var (clientId, phone, said, question) = (args[0], args[1], args[2], args[3]);
var service = new Uri(Environment.GetEnvironmentVariable("PROVISIONING_URL") ?? "http://127.0.0.1:5000");
var apiKey = Environment.GetEnvironmentVariable("PROVISIONING_API_KEY") ?? "dev-admin-key";

using var controlPlane = new HttpClient { BaseAddress = service, DefaultRequestHeaders = { { "X-Api-Key", apiKey } } };
var token = await TenantMemoryClient.GetTokenAsync(controlPlane, clientId, CancellationToken.None);
var flow = new CallFlow(TenantMemoryClient.WithToken(service, clientId, token), consistencyWindow: TimeSpan.FromSeconds(2.5));
var outcome = await flow.ServeAsync(phone, said, question, CancellationToken.None);

Console.WriteLine($"profile {outcome.ProfileId}{(outcome.NewProfile ? " (new)" : "")}");
foreach (var line in outcome.Recalled) Console.WriteLine($"  recalled: {line}");
return 0;
