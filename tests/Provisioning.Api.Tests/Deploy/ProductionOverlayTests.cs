using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Provisioning.Api.Tests.Deploy;

/// <summary>
/// The production overlay, rendered, protects what a database backup holds: the Data Protection key ring is encrypted
/// with a certificate mounted from a Secret that the repository references and never contains, no manifest accepts an
/// unprotected ring, and the deployment names its own token issuer. Checked on the tests' own rendering
/// (<see cref="KustomizeRenderer"/>) and, where kubectl is installed, on kubectl's.
/// </summary>
public sealed class ProductionOverlayTests
{
    private const string Overlay = "deploy/k8s/overlays/production";

    [Fact]
    public void The_rendered_production_overlay_protects_the_key_ring_with_a_mounted_certificate_and_names_its_issuer()
    {
        AssertProtected(KustomizeRenderer.Render(Path.Combine(DeployFiles.Root, Overlay)));
        if (KubectlRendering() is { } kubectl) AssertProtected(kubectl);
    }

    private static void AssertProtected(List<YamlMappingNode> manifests)
    {
        var config = Assert.Single(manifests, m => Kind(m) == "ConfigMap" && Name(m).StartsWith("provisioning-config", StringComparison.Ordinal));
        var data = ((YamlMappingNode)config["data"]).Children.ToDictionary(c => Text(c.Key), c => Text(c.Value));

        Assert.False(data.TryGetValue("DataProtection__AllowUnprotectedKeys", out var allow) && allow.Equals("true", StringComparison.OrdinalIgnoreCase),
            "the production overlay accepts an unprotected key ring");
        Assert.True(data.TryGetValue("DataProtection__CertificatePath", out var certificatePath) && certificatePath.Length > 0, "no DataProtection__CertificatePath");
        Assert.True(data.TryGetValue("Gateway__Issuer", out var issuer) && issuer.Length > 0, "no Gateway__Issuer");
        Assert.NotEqual("provisioning", issuer, StringComparer.OrdinalIgnoreCase);

        foreach (var deployment in new[] { "provisioning-api", "provisioning-worker" })
        {
            var pod = (YamlMappingNode)Assert.Single(manifests, m => Kind(m) == "Deployment" && Name(m) == deployment)["spec"]["template"]["spec"];
            var container = Assert.Single(Items(pod, "containers"), c => Text(c["name"]) == "provisioning");
            var mount = Assert.Single(Items(container, "volumeMounts"), m => Text(m["mountPath"]) == Path.GetDirectoryName(certificatePath));
            var volume = Assert.Single(Items(pod, "volumes"), v => Text(v["name"]) == Text(mount["name"]));
            var secret = (YamlMappingNode)volume["secret"];
            var secretName = Text(secret["secretName"]);
            Assert.Contains(Items(secret, "items"), i => Text(i["path"]) == Path.GetFileName(certificatePath));
            var password = Assert.Single(Items(container, "env"), e => Text(e["name"]) == "DataProtection__CertificatePassword");
            Assert.Equal(secretName, Text(password["valueFrom"]["secretKeyRef"]["name"]));
            // Referenced, never committed: the certificate's Secret is not among the manifests.
            Assert.DoesNotContain(manifests, m => Kind(m) == "Secret" && Name(m) == secretName);
        }
    }

    /// <summary><c>kubectl kustomize</c>'s rendering, or null where kubectl is not installed.</summary>
    private static List<YamlMappingNode>? KubectlRendering()
    {
        var kubectl = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "kubectl")).FirstOrDefault(File.Exists);
        if (kubectl is null) return null;
        using var process = Process.Start(new ProcessStartInfo(kubectl, ["kustomize", Path.Combine(DeployFiles.Root, Overlay)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"kubectl kustomize failed: {stderr.Result}");
        return KustomizeRenderer.Load(output);
    }

    private static IEnumerable<YamlMappingNode> Items(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var items) ? ((YamlSequenceNode)items).Cast<YamlMappingNode>() : [];

    private static string Kind(YamlMappingNode manifest) => Text(manifest["kind"]);

    private static string Name(YamlMappingNode manifest) => Text(manifest["metadata"]["name"]);

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value ?? "";
}
