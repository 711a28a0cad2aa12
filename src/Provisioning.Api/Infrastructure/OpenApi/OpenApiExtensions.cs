using Microsoft.OpenApi;
using Provisioning.Api.Infrastructure.Auth;
using Scalar.AspNetCore;

namespace Provisioning.Api.Infrastructure.OpenApi;

public static class OpenApiExtensions
{
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddProvisioningOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Provisioning",
                    Version = "v1",
                    Description = MarkdownText.EscapePlaceholders(
                        "Gives each client of an ISV its own Twilio Conversation Memory: a Memory Store named client-<clientId> "
                        + "and a Conversation Orchestrator configuration that references it. Errors are RFC 9457 problem details. "
                        + "Admins also have a console in the browser: [/admin](/admin)."),
                };
                // Host-neutral: the committed document must equal what any deployment serves.
                document.Servers = [];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.ApiKey,
                        In = ParameterLocation.Header,
                        Name = ApiKeyAuthenticationHandler.HeaderName,
                        Description = "An API key; its role (ControlPlane or Admin) decides what it may do.",
                    },
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [] }];
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, _, _) =>
            {
                OpenApiExamples.Apply(operation);
                operation.Summary = MarkdownText.EscapePlaceholders(operation.Summary);
                operation.Description = MarkdownText.EscapePlaceholders(operation.Description);
                return Task.CompletedTask;
            });
        });

    /// <summary>
    /// The OpenAPI document and an interactive reference (Scalar) at <c>/docs</c>, both without an API key. Scalar's
    /// hosted services are off: its AI agent and MCP integration, its developer toolbar (Deploy, Generate SDKs,
    /// Share), its telemetry and its CDN fonts would send the API description, or who reads it, to a third party.
    /// </summary>
    public static WebApplication MapProvisioningOpenApi(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        app.MapScalarApiReference("/docs", scalar => scalar
                .WithTitle("Provisioning API")
                .WithOpenApiRoutePattern(DocumentPath)
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools()
                .DisableTelemetry()
                .DisableDefaultFonts())
            .AllowAnonymous();
        return app;
    }

    /// <summary>The problem responses every authenticated endpoint may give.</summary>
    public static TBuilder WithStandardProblems<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(
            new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]),
            new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]),
            new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
}
