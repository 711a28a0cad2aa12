using System.Text.RegularExpressions;

namespace Provisioning.UnitTests.Docs;

/// <summary>
/// The repository paths a Markdown document cites, in the three forms the docs use: a path from the repository root
/// (<c>src/…</c>, <c>tests/…</c>, <c>deploy/…</c>, <c>migrations/…</c>, <c>docs/…</c>, <c>samples/…</c>), anywhere in
/// the text, code blocks included; a file in backticks relative to a project (<c>Accounts/RemovedParentCheck.cs</c>,
/// <c>Tenants/FailedSlotRetentionTests.cs</c>) or to the document; and a relative Markdown link.
/// </summary>
public static partial class CitedPaths
{
    /// <summary>One citation: the text as the document wrote it, and the places in the repository it may mean.</summary>
    public sealed record Citation(string Document, string Text, IReadOnlyList<string> Candidates);

    // A root path starts the token: not the tail of a URL or of another path (…/docs/x).
    [GeneratedRegex(@"(?<![\w/.\-])(?:src|tests|deploy|migrations|docs|samples)/[\w./\-]*")]
    private static partial Regex RootedPath();

    [GeneratedRegex(@"`([^`\s]+)`")]
    private static partial Regex InBackticks();

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex LinkTarget();

    [GeneratedRegex(@"```.*?```", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"\.[A-Za-z]{1,8}$")]
    private static partial Regex FileExtension();

    /// <summary>README.md and every Markdown file under docs/, as paths from the repository root.</summary>
    public static IReadOnlyList<string> Documents() =>
        [
            "README.md",
            .. Directory.EnumerateFiles(RepositoryRoot.Of("docs"), "*.md", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(RepositoryRoot.Path, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal),
        ];

    /// <summary>Every citation of <paramref name="document"/> (a path from the repository root).</summary>
    public static IEnumerable<Citation> In(string document)
    {
        var text = File.ReadAllText(RepositoryRoot.Of(document));
        var folder = Path.GetDirectoryName(RepositoryRoot.Of(document))!;

        foreach (Match m in RootedPath().Matches(text))
        {
            var path = m.Value.TrimEnd('.', ',', ':', ';');
            yield return new Citation(document, path, [RepositoryRoot.Of(path)]);
        }

        foreach (Match m in InBackticks().Matches(FencedBlock().Replace(text, "")))
        {
            var path = m.Groups[1].Value;
            // Files only (folders in prose name a part of a project the sentence already named), not URLs or routes,
            // not templates (…, {id}, <name>, globs), and not root paths (checked above).
            if (!path.Contains('/') || !FileExtension().IsMatch(path) || path.StartsWith('/') || path.StartsWith('.')
                || path.IndexOfAny(['*', '{', '<', '…', '|', '?', '=', ':']) >= 0 || RootedPath().Match(path) is { Success: true, Index: 0 })
                continue;
            // A path in another repository (the Twilio specs: spec/json/…) starts with a folder this one does not have.
            var first = path[..path.IndexOf('/')];
            var bases = new[] { folder, RepositoryRoot.Path }.Concat(Projects()).ToList();
            if (!bases.Any(b => Directory.Exists(Path.Combine(b, first)))) continue;
            yield return new Citation(document, path, bases.Select(b => Path.Combine(b, path)).ToList());
        }

        foreach (Match m in LinkTarget().Matches(text))
        {
            var target = m.Groups[1].Value.Split('#')[0];
            if (target.Length == 0 || target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
            yield return new Citation(document, target, [Path.Combine(folder, target)]);
        }
    }

    /// <summary>The folders of the solution's projects (src/*, tests/*, samples/*): where project-relative citations start.</summary>
    private static IEnumerable<string> Projects() =>
        new[] { "src", "tests", "samples" }
            .Select(f => RepositoryRoot.Of(f))
            .Where(Directory.Exists)
            .SelectMany(f => Directory.EnumerateDirectories(f))
            .Where(d => Directory.EnumerateFiles(d, "*.csproj").Any());
}
