namespace Provisioning.Api.Infrastructure;

public static class ServiceRoles
{
    public const string ConfigurationKey = "Service:Role";

    public static ServiceRole FromConfiguration(IConfiguration configuration)
    {
        var text = configuration[ConfigurationKey];
        if (string.IsNullOrWhiteSpace(text)) return ServiceRole.All;
        return Enum.TryParse<ServiceRole>(text, ignoreCase: true, out var role) && Enum.IsDefined(role)
            ? role
            : throw new Microsoft.Extensions.Options.OptionsValidationException(ConfigurationKey, typeof(ServiceRole),
                [$"Service:Role must be Api, Worker or All, not '{text}'."]);
    }
}
