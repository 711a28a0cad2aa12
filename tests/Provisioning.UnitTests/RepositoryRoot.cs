namespace Provisioning.UnitTests;

/// <summary>The checkout the tests run from: the folder holding Provisioning.sln, found upwards from the test binaries.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    /// <summary>A path in the repository from its parts, e.g. <c>Of("src", "Provisioning.Api")</c>.</summary>
    public static string Of(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        // Walked up rather than counted: the output folder's depth depends on the configuration and the runner.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Provisioning.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No folder holding Provisioning.sln above {AppContext.BaseDirectory}.");
    }
}
