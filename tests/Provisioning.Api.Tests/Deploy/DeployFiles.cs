namespace Provisioning.Api.Tests.Deploy;

/// <summary>Where the repository's deployment files are, from the test binaries.</summary>
public static class DeployFiles
{
    /// <summary>The repository root (the directory of Provisioning.sln).</summary>
    public static string Root { get; } = RepositoryRoot();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Provisioning.sln"))) return dir.FullName;
        throw new InvalidOperationException("Provisioning.sln not found above the test binaries.");
    }
}
