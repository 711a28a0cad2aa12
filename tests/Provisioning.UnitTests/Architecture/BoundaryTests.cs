using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace Provisioning.UnitTests.Architecture;

/// <summary>
/// The dependency rules between Infrastructure and the features of Provisioning.Api, checked on the compiled assembly
/// (method bodies included, so a fully-qualified name or a <c>var</c> counts as much as a <c>using</c>). Each rule and
/// the reason for it are in docs/architecture.md, "Boundaries".
/// </summary>
public sealed class BoundaryTests
{
    private static readonly Assembly Api = typeof(Program).Assembly;

    public static TheoryData<string> FeatureNames => [.. Features.All];

    [Fact]
    public void Every_feature_folder_is_a_namespace_of_the_assembly()
    {
        var namespaces = Types.InAssembly(Api).GetTypes().Select(t => t.Namespace).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(Features.All);
        Assert.All(Features.All, feature => Assert.Contains(Features.Namespace(feature), namespaces));
    }

    [Theory]
    [MemberData(nameof(FeatureNames))]
    public void Infrastructure_depends_on_no_feature(string feature) =>
        AssertNoDependency(In("Infrastructure"), feature);

    [Theory]
    [MemberData(nameof(FeatureNames))]
    public void Twilio_clients_depend_on_no_other_feature(string feature)
    {
        if (feature != "Twilio") AssertNoDependency(In("Twilio"), feature);
    }

    [Theory]
    [MemberData(nameof(FeatureNames))]
    public void Webhooks_depend_on_no_other_feature(string feature)
    {
        if (feature != "Webhooks") AssertNoDependency(In("Webhooks"), feature);
    }

    [Theory]
    [MemberData(nameof(FeatureNames))]
    public void The_runner_depends_on_no_feature_but_the_tenant(string feature)
    {
        if (feature is not ("Runs" or "Tenants")) AssertNoDependency(In("Runs"), feature);
    }

    [Theory]
    [MemberData(nameof(FeatureNames))]
    public void Nothing_depends_on_the_console(string feature)
    {
        if (feature != "Console") AssertNoDependency(In(feature), "Console");
    }

    [Theory]
    [InlineData("Gateway", "Onboarding")]
    [InlineData("Gateway", "Offboarding")]
    [InlineData("Gateway", "Reconciliation")]
    [InlineData("Console", "Onboarding")]
    [InlineData("Console", "Offboarding")]
    [InlineData("Accounts", "Onboarding")]
    [InlineData("Accounts", "Offboarding")]
    [InlineData("Accounts", "Gateway")]
    [InlineData("Tenants", "Onboarding")]
    [InlineData("Tenants", "Offboarding")]
    [InlineData("Tenants", "Runs")]
    [InlineData("Onboarding", "Runs")]
    [InlineData("Offboarding", "Runs")]
    [InlineData("Reconciliation", "Runs")]
    // Tenants know a blueprint only by name and revision (IBlueprintLookup); what applies one joins the two.
    [InlineData("Tenants", "Blueprints")]
    public void Feature_does_not_depend_on(string feature, string forbidden)
    {
        // A rule naming a folder that was renamed away would pass without checking anything.
        Assert.Contains(feature, Features.All);
        Assert.Contains(forbidden, Features.All);
        AssertNoDependency(In(feature), forbidden);
    }

    /// <summary>The types of a folder of Provisioning.Api and its subfolders (not of another whose name merely starts the same).</summary>
    private static PredicateList In(string folder) =>
        Types.InAssembly(Api).That().ResideInNamespaceMatching($"^{Regex.Escape(Features.Namespace(folder))}(\\.|$)");

    private static void AssertNoDependency(PredicateList types, string feature)
    {
        var result = types.ShouldNot().HaveDependencyOn(Features.Namespace(feature)).GetResult();
        Assert.True(result.IsSuccessful,
            $"These types depend on {Features.Namespace(feature)}: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }
}
