namespace Provisioning.UnitTests.Docs;

/// <summary>Every file or folder README.md and docs/ cite exists: a renamed or moved file fails here, not in a reader's hands.</summary>
public sealed class CitedPathsTests
{
    public static TheoryData<string> Documents => [.. CitedPaths.Documents()];

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_path_the_document_cites_exists(string document)
    {
        var missing = CitedPaths.In(document)
            .Where(c => !c.Candidates.Any(p => File.Exists(p) || Directory.Exists(p)))
            .Select(c => c.Text)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.True(missing.Count == 0, $"{document} cites paths that do not exist: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_docs_are_read_for_citations_at_all()
    {
        // Guards the scanner itself: a broken pattern would find nothing and pass everything.
        var citations = CitedPaths.Documents().SelectMany(CitedPaths.In).Select(c => c.Text).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("migrations/provisioning.sql", citations);
        Assert.Contains("Accounts/RemovedParentCheck.cs", citations);
        Assert.Contains("docs/architecture.md", citations);
    }
}
