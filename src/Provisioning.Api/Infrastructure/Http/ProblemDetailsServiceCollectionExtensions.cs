namespace Provisioning.Api.Infrastructure.Http;

public static class ProblemDetailsServiceCollectionExtensions
{
    /// <summary>
    /// Problem+json for what escapes an endpoint (<see cref="ProblemDetailsExceptionHandler"/>), described by
    /// <see cref="ExceptionProblems"/> and the features' <see cref="IProblemDetailsMapper"/>s.
    /// </summary>
    public static IServiceCollection AddProblemDetailsFromExceptions(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddSingleton<ExceptionProblems>();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        return services;
    }
}
