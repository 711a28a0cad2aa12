using Microsoft.Extensions.Options;

namespace Provisioning.Api.Webhooks;

public static class WebhooksServiceCollectionExtensions
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>()
            .Bind(configuration.GetSection(WebhookOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHttpClient(WebhookSender.HttpClientName, (sp, http) =>
            http.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout);
        services.AddScoped<WebhookSender>();
        return services;
    }
}
