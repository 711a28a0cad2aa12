using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Provisioning.Api.Infrastructure.Domain;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Infrastructure.Http;

/// <summary>
/// Turns what escapes an endpoint into problem+json: bad requests into 400/413/415 with the field at fault,
/// what the domain refuses into 404/409/412/422 with its reason, Twilio's failure of a synchronous admin action into
/// 502, a database that cannot be reached into 503, and
/// anything else into a 500 that says nothing internal.
/// </summary>
public sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Describe(exception);
        if (problem?.Status == StatusCodes.Status503ServiceUnavailable)
        {
            LogDatabaseUnavailable(logger, exception, context.Request.Method, context.Request.Path);
            context.Response.Headers.RetryAfter = "5";
        }

        if (problem is null)
        {
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError, Title = "Internal error",
                Detail = "The request could not be completed. It is safe to retry.",
            };
        }

        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>
    /// The problem an exception is for the caller, or null when it is none of the caller's business (a 500). The
    /// admin console shows the same problems as messages.
    /// </summary>
    public static ProblemDetails? Describe(Exception exception)
    {
        return exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => InvalidJson(json),
            BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad => MissingOrUnreadableBody(bad),
            BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = TitleFor(bad.StatusCode), Detail = Describe(bad) },
            ValidationException invalid => new HttpValidationProblemDetails(invalid.Errors
                .GroupBy(e => e.PropertyName).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray()))
            {
                Status = StatusCodes.Status400BadRequest, Title = "One or more validation errors occurred.",
            },
            ConflictException conflict => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict", Detail = conflict.Message },
            NotFoundException notFound => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = notFound.Message },
            PreconditionFailedException stale => new ProblemDetails { Status = StatusCodes.Status412PreconditionFailed, Title = "Precondition failed", Detail = stale.Message },
            UnprocessableException unprocessable => new HttpValidationProblemDetails(new Dictionary<string, string[]> { [unprocessable.Field] = [unprocessable.Message] })
            {
                Status = StatusCodes.Status422UnprocessableEntity, Title = "The change cannot be made this way", Detail = unprocessable.Message,
            },
            // Only admin actions call Twilio while the caller waits (a key rotation); they say what Twilio answered.
            TwilioApiException twilio => new ProblemDetails
            {
                Status = StatusCodes.Status502BadGateway, Title = "Twilio did not complete the request",
                Detail = $"{twilio.Message} It is safe to retry.",
            },
            _ when IsDatabaseUnavailable(exception) => DatabaseUnavailable(),
            DbUpdateConcurrencyException => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict, Title = "Conflict",
                Detail = "The resource changed while the request was processed; read it again and retry.",
            },
            _ => null,
        };
    }

    private static ProblemDetails InvalidJson(JsonException json)
    {
        var field = string.IsNullOrEmpty(json.Path) ? "$" : json.Path;
        return new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            [field] = [DescribeJsonError(json)],
        })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request body is not valid JSON for this endpoint.",
        };
    }

    private static HttpValidationProblemDetails MissingOrUnreadableBody(BadHttpRequestException bad) =>
        new(new Dictionary<string, string[]>
        {
            ["$"] = [bad.Message.Contains("was not provided", StringComparison.Ordinal) ? "A JSON request body is required." : bad.Message],
        })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request could not be read.",
        };

    // System.Text.Json's messages name .NET types; say what is wrong in the caller's terms instead.
    private static string DescribeJsonError(JsonException json) => json.Message switch
    {
        var m when m.Contains("could not be mapped", StringComparison.Ordinal) => "Unknown property.",
        var m when m.Contains("could not be converted", StringComparison.Ordinal) => "The value has the wrong JSON type for this field.",
        _ => $"Malformed JSON (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}).",
    };

    private static string Describe(BadHttpRequestException bad) => bad.StatusCode switch
    {
        StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        _ => bad.Message,
    };

    private static string TitleFor(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "Payload too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        _ => "Bad request",
    };

    private static ProblemDetails DatabaseUnavailable() => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable, Title = "Service unavailable",
        Detail = "The database cannot be reached; nothing was recorded. Retry later.",
    };

    private static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or TimeoutException) return true;
            if (e is NpgsqlException { InnerException: System.Net.Sockets.SocketException }) return true;
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable for {Method} {Path}; answered 503")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
