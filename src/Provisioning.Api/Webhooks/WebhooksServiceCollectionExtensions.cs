using System.Net;
using Hangfire;
using Microsoft.Extensions.Options;
using Provisioning.Api.Infrastructure;
using Provisioning.Api.Infrastructure.Jobs;

namespace Provisioning.Api.Webhooks;

public static class WebhooksServiceCollectionExtensions
{
    /// <summary>Lifecycle webhook deliveries, the outbound address policy, the payload retention, and in worker processes the deliveries' own Hangfire servers (tenants' receivers, the operator's).</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration, ServiceRole role)
    {
        services.AddOptions<WebhookOptions>()
            .Bind(configuration.GetSection(WebhookOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<OutboundAddressPolicy>();
        services.AddSingleton<HostAddressResolver>(Dns.GetHostAddressesAsync);
        services.AddSingleton<OutboundConnector>();
        services.AddSingleton<ReceiverCircuitBreaker>();

        // No redirects on either client: a 3xx is a failed attempt, never a second request to where it points.
        // No draining either: what DeliverAsync has not read of an answer is dropped with the connection.
        services.AddHttpClient(WebhookSender.TenantHttpClientName, SetTimeout)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                MaxResponseDrainSize = 0,
                ConnectCallback = sp.GetRequiredService<OutboundConnector>().ConnectAsync,
                // A host that drops packets costs this, not the whole timeout (the callback runs within it).
                ConnectTimeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.ConnectTimeout,
                // Through a proxy the connection would go to the proxy, and the receiver's address would go unchecked.
                UseProxy = false,
            });
        services.AddHttpClient(WebhookSender.OperatorHttpClientName, SetTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, MaxResponseDrainSize = 0 });
        services.AddScoped<WebhookSender>();
        services.AddSingleton<WebhookDispatch>();
        services.AddScoped<WebhookPayloadRetention>();
        services.AddRecurringJob<WebhookPayloadRetention>(WebhookPayloadRetention.RecurringJobId,
            retention => retention.RunAsync(CancellationToken.None),
            sp => sp.GetRequiredService<IOptions<WebhookOptions>>().Value.PayloadRetentionCron);

        if (role.HasFlag(ServiceRole.Worker))
        {
            services.AddHostedService<WebhookOutboxRelay>();
            services.ReserveHangfireWorkers(configuration, $"{WebhookOptions.SectionName}:{nameof(WebhookOptions.WorkerCount)}", new WebhookOptions().WorkerCount);
            // Deliveries have workers of their own: receivers that are slow or down (each attempt may take the whole
            // timeout, twelve times over) cannot hold the sagas' workers, and a burst of sagas cannot delay deliveries.
            services.AddHangfireServer((sp, server) =>
            {
                server.Queues = [WebhookSender.QueueName];
                server.WorkerCount = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.WorkerCount;
                // Workers only: the main server of the process already moves due retries onto the queue.
                server.IsLightweightServer = true;
            });
            // The operator's receiver has workers no tenant's receiver can take: a tenant whose callbackUrl drops packets
            // holds at most the tenant workers (and then, its host's circuit open, none).
            services.ReserveHangfireWorkers(configuration, $"{WebhookOptions.SectionName}:{nameof(WebhookOptions.OperatorWorkerCount)}", new WebhookOptions().OperatorWorkerCount);
            services.AddHangfireServer((sp, server) =>
            {
                server.Queues = [WebhookSender.OperatorQueueName];
                server.WorkerCount = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.OperatorWorkerCount;
                server.IsLightweightServer = true;
            });
        }
        return services;
    }

    private static void SetTimeout(IServiceProvider services, HttpClient http) =>
        http.Timeout = services.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout;
}
