using Provisioning.Api.Tenants;

namespace Provisioning.UnitTests.Tenants;

/// <summary>The state diagram in docs/architecture.md is the transition table, drawn: rendered from it and found there verbatim.</summary>
public sealed class TenantStateDiagramTests
{
    [Fact]
    public void The_architecture_doc_shows_the_state_diagram_rendered_from_the_table()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "architecture.md")).ReplaceLineEndings("\n");

        var diagram = TenantTransitions.ToMermaid();

        Assert.True(doc.Contains(diagram, StringComparison.Ordinal),
            "docs/architecture.md does not show the tenant's state diagram as the table draws it. Replace its stateDiagram-v2 block with:\n" + diagram);
    }

    [Fact]
    public void Every_row_is_one_line_of_the_diagram()
    {
        var lines = TenantTransitions.ToMermaid().Split('\n');

        foreach (var row in TenantTransitions.Rows)
            Assert.Contains($"    {row.From} --> {row.To}: {row.Label}", lines);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Provisioning.sln"))) return directory.FullName;
        throw new InvalidOperationException($"No Provisioning.sln above {AppContext.BaseDirectory}.");
    }
}
