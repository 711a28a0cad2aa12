using FluentValidation;

namespace Provisioning.Api.Infrastructure.Http;

/// <summary>Runs the FluentValidation validator of an endpoint's <typeparamref name="T"/> argument.</summary>
public sealed class ValidationFilter<T>(IValidator<T> validator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var argument = context.Arguments.OfType<T>().FirstOrDefault();
        if (argument is null)
            return Problems.Validation("$", "A request body is required.");

        var result = await validator.ValidateAsync(argument, context.HttpContext.RequestAborted);
        if (!result.IsValid)
            return Problems.Validation(FieldErrors(result));

        return await next(context);
    }

    /// <summary>A validation result's errors by field, named as the client wrote them.</summary>
    public static Dictionary<string, string[]> FieldErrors(FluentValidation.Results.ValidationResult result) =>
        result.ToDictionary().ToDictionary(e => ToCamelCasePath(e.Key), e => e.Value);

    // FluentValidation names C# properties ("Orchestrator.StatusCallbacks[0].Url"); clients sent camelCase JSON. A segment
    // with no lower-case letter is a key the client wrote (a channel such as "VIDEO" or "SMS") and stays as written.
    private static string ToCamelCasePath(string path) =>
        string.Join('.', path.Split('.').Select(part => part.Length == 0 || !part.Any(char.IsLower) ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}
