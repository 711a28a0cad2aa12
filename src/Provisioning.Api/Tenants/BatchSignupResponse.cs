namespace Provisioning.Api.Tenants;

/// <summary>Every item's result, in the order sent, and how many of each (<c>invalid</c>: 400 and 422 items).</summary>
public sealed record BatchSignupResponse(IReadOnlyList<BatchSignupResult> Results, int Accepted, int Existing, int Conflicts, int Invalid)
{
    public static BatchSignupResponse Of(IReadOnlyList<BatchSignupResult> results) => new(results,
        results.Count(r => r.Status == StatusCodes.Status202Accepted), results.Count(r => r.Status == StatusCodes.Status200OK),
        results.Count(r => r.Status == StatusCodes.Status409Conflict), results.Count(r => r.Status is StatusCodes.Status400BadRequest or StatusCodes.Status422UnprocessableEntity));
}
