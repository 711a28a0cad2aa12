using Microsoft.AspNetCore.Mvc;

namespace Provisioning.Api.Console;

/// <summary>A problem the console shows as a message: the same title, detail and field errors the API would answer.</summary>
public sealed record ConsoleProblem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public static ConsoleProblem From(ProblemDetails problem) => new(
        problem.Status ?? StatusCodes.Status500InternalServerError,
        problem.Title ?? "The action was refused",
        problem.Detail,
        problem is HttpValidationProblemDetails validation ? validation.Errors.ToDictionary() : new Dictionary<string, string[]>());
}
