using Microsoft.AspNetCore.Http.Metadata;

namespace Provisioning.Api.Infrastructure.Http;

/// <summary>
/// Refuses a declared body over the limit before anything reads it, with a 413 problem. Kestrel enforces the
/// same limit on bodies without a Content-Length (chunked) as they stream in. An endpoint may set its own limit
/// with <see cref="IRequestSizeLimitMetadata"/> (routing applies it to Kestrel's limit too).
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    public const long MaxBodyBytes = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? MaxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status413PayloadTooLarge, Title = "Payload too large",
                    Detail = $"Request bodies here are limited to {limit / 1024} KiB.",
                },
            });
            return;
        }
        await next(context);
    }
}
