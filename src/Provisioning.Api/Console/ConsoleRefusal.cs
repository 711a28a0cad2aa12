using Microsoft.AspNetCore.Mvc;

namespace Provisioning.Api.Console;

/// <summary>A problem an API helper answered as a result rather than threw; the console shows it like any other.</summary>
public sealed class ConsoleRefusal(ProblemDetails problem) : Exception(problem.Detail ?? problem.Title)
{
    public ProblemDetails Problem { get; } = problem;
}
