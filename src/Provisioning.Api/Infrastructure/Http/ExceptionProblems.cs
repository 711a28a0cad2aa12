using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Provisioning.Api.Infrastructure.Domain;

namespace Provisioning.Api.Infrastructure.Http;

/// <summary>
/// The one place that turns exceptions into problem details, for the API (<see cref="ProblemDetailsExceptionHandler"/>)
/// and the admin console: bad requests into 400/413/415 with the field at fault, what the domain refuses into
/// 404/409/412/422 with its reason, a feature's own exceptions as its <see cref="IProblemDetailsMapper"/> says (Twilio's
/// failure of a synchronous admin action: 502), a database that cannot be reached into 503.
/// </summary>
public sealed class ExceptionProblems(IEnumerable<IProblemDetailsMapper> mappers)
{
    /// <summary>
    /// The problem an exception is for the caller, or null when it is none of the caller's business (a 500). The
    /// admin console shows the same problems as messages.
    /// </summary>
    public ProblemDetails? Describe(Exception exception)
    {
        if (DescribeKnown(exception) is { } known) return known;
        // After the request's and the domain's exceptions, before the database's: the order the API has always answered in.
        foreach (var mapper in mappers)
            if (mapper.Describe(exception) is { } problem) return problem;
        if (IsDatabaseUnavailable(exception)) return DatabaseUnavailable();
        return exception is DbUpdateConcurrencyException
            ? new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict, Title = "Conflict",
                Detail = "The resource changed while the request was processed; read it again and retry.",
            }
            : null;
    }

    private static ProblemDetails? DescribeKnown(Exception exception)
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
                Status = StatusCodes.Status422UnprocessableEntity, Title = unprocessable.Title, Detail = unprocessable.Message,
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
}
