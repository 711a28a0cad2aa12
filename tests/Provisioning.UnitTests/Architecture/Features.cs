namespace Provisioning.UnitTests.Architecture;

/// <summary>
/// The features of Provisioning.Api: its top-level folders, each one namespace (<c>Provisioning.Api.&lt;Folder&gt;</c>),
/// read from the source tree so that a new feature folder is covered by every rule that speaks of "any feature".
/// </summary>
public static class Features
{
    public const string RootNamespace = "Provisioning.Api";

    /// <summary>Folders that are not features: what every feature builds on (Infrastructure) and the one DbContext that maps every feature's entities (Data).</summary>
    public static readonly IReadOnlySet<string> SharedFolders = new HashSet<string>(StringComparer.Ordinal) { "Infrastructure", "Data" };

    private static readonly HashSet<string> NotSource = new(StringComparer.Ordinal) { "bin", "obj", "Properties" };

    private static readonly Lazy<IReadOnlyList<string>> Names = new(() =>
        new DirectoryInfo(RepositoryRoot.Of("src", "Provisioning.Api")).GetDirectories()
            .Where(d => !NotSource.Contains(d.Name) && !SharedFolders.Contains(d.Name))
            .Where(d => d.EnumerateFiles("*.cs", SearchOption.AllDirectories).Any())
            .Select(d => d.Name)
            .Order(StringComparer.Ordinal)
            .ToList());

    public static IReadOnlyList<string> All => Names.Value;

    public static string Namespace(string feature) => $"{RootNamespace}.{feature}";
}
