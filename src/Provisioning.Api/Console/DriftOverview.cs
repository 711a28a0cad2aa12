using Provisioning.Api.Reconciliation;

namespace Provisioning.Api.Console;

/// <summary>The overview's reconciliation: the latest run, and how many of its findings nothing acted on.</summary>
public sealed record DriftOverview(RunView? LatestRun, int OpenFindings);
