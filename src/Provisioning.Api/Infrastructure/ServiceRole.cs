namespace Provisioning.Api.Infrastructure;

/// <summary>
/// What one process of the service does, from <c>Service__Role</c>: the same image runs as API only (scale with
/// traffic), worker only (the Hangfire server; no public endpoints besides health), or both (the default).
/// </summary>
[Flags]
public enum ServiceRole
{
    Api = 1,
    Worker = 2,
    All = Api | Worker,
}

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
