using YamlDotNet.RepresentationModel;

namespace Provisioning.Api.Tests.Deploy;

/// <summary>
/// The deployment files parse and say what operators rely on. CI also renders the overlay with
/// `kubectl kustomize` where kubectl is installed; this test holds where it is not.
/// </summary>
public sealed class DeploymentFilesTests
{
    private static readonly string Root = DeployFiles.Root;

    public static TheoryData<string> KustomizeDirectories => new() { "deploy/k8s/base", "deploy/k8s/overlays/production" };

    [Theory]
    [MemberData(nameof(KustomizeDirectories))]
    public void Every_kustomization_resource_exists_and_parses(string directory)
    {
        var kustomization = Load(Path.Combine(directory, "kustomization.yaml")).Single();

        var resources = (YamlSequenceNode)kustomization["resources"];
        Assert.NotEmpty(resources);
        foreach (var resource in resources.Select(r => ((YamlScalarNode)r).Value!))
        {
            var path = Path.Combine(Root, directory, resource);
            Assert.True(File.Exists(path) || File.Exists(Path.Combine(path, "kustomization.yaml")), $"{directory}: {resource} is missing");
            if (File.Exists(path))
                Assert.All(Load(Path.GetRelativePath(Root, path)), document =>
                {
                    Assert.True(document.Children.ContainsKey("apiVersion"), $"{resource}: no apiVersion");
                    Assert.True(document.Children.ContainsKey("kind"), $"{resource}: no kind");
                });
        }
    }

    [Theory]
    [InlineData("deploy/k8s/base/api-deployment.yaml", "Api")]
    [InlineData("deploy/k8s/base/worker-deployment.yaml", "Worker")]
    public void Deployments_run_non_root_with_probes_and_their_role(string file, string role)
    {
        var deployment = Load(file).Single();
        var pod = (YamlMappingNode)((YamlMappingNode)deployment["spec"])["template"]["spec"];
        var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"])[0];

        Assert.Equal("true", ((YamlScalarNode)pod["securityContext"]["runAsNonRoot"]).Value);
        Assert.Equal("/health/ready", ((YamlScalarNode)container["readinessProbe"]["httpGet"]["path"]).Value);
        Assert.Equal("/health/live", ((YamlScalarNode)container["livenessProbe"]["httpGet"]["path"]).Value);
        var env = ((YamlSequenceNode)container["env"]).Cast<YamlMappingNode>();
        Assert.Contains(env, e => ((YamlScalarNode)e["name"]).Value == "Service__Role" && ((YamlScalarNode)e["value"]).Value == role);
    }

    [Fact]
    public void Compose_runs_postgres_emulator_api_and_worker_with_health_gated_start()
    {
        var compose = Load("docker-compose.yml").Single();
        var services = (YamlMappingNode)compose["services"];

        Assert.Equal(["postgres", "emulator", "api", "worker"], services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!));
        foreach (var name in new[] { "api", "worker" })
        {
            var service = (YamlMappingNode)services[name];
            Assert.True(service.Children.ContainsKey("healthcheck"), $"{name} has no healthcheck");
            Assert.All((YamlMappingNode)service["depends_on"], d => Assert.Equal("service_healthy", ((YamlScalarNode)d.Value["condition"]).Value));
        }
        Assert.True(File.Exists(Path.Combine(Root, ".env.example")));
    }

    private static List<YamlMappingNode> Load(string relativePath)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, relativePath));
        stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }
}
