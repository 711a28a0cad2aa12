
namespace Provisioning.Api.Reconciliation;

/// <summary>A run with one page of its findings; pass <c>NextFindingsCursor</c> as <c>?after=</c> for the next.</summary>
public sealed record RunDetailView(RunView Run, IReadOnlyList<FindingView> Findings, Guid? NextFindingsCursor);
