using Microsoft.AspNetCore.Http.HttpResults;
using Provisioning.Api.Infrastructure.Auth;
using Provisioning.Api.Infrastructure.OpenApi;

namespace Provisioning.Api.Gateway;

/// <summary>Admins rotate the key that signs tenant access tokens; the old one keeps validating until its tokens expire.</summary>
public static class SigningKeysApi
{
    public static IEndpointRouteBuilder MapSigningKeysApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/v1/gateway/signing-keys")
            .WithTags("Memory gateway")
            .RequireAuthorization(Policies.Admin)
            .WithStandardProblems();

        keys.MapGet("/", ListAsync)
            .WithName("ListSigningKeys")
            .WithSummary("Admin: the keys that validate tenant access tokens, and when each signs from (no secrets).");

        keys.MapPost("/", RotateAsync)
            .WithName("RotateSigningKey")
            .WithSummary("Admin: a new signing key; it signs after Gateway:KeyActivationDelay, and keys whose tokens have all expired are deleted.");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<SigningKeyView>>> ListAsync(SigningKeyRing ring, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<SigningKeyView>>((await ring.ListAsync(cancellationToken)).Select(SigningKeyView.From).ToList());

    private static async Task<Created<SigningKeyView>> RotateAsync(SigningKeyRing ring, CancellationToken cancellationToken) =>
        TypedResults.Created((string?)null, SigningKeyView.From(await ring.RotateAsync(cancellationToken)));
}
