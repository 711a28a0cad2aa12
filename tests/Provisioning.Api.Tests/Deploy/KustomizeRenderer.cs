using YamlDotNet.RepresentationModel;

namespace Provisioning.Api.Tests.Deploy;

/// <summary>
/// The part of kustomize the repository's overlays use, so that tests read the rendered manifests where kubectl is not
/// installed: resources (files and kustomization directories), configMapGenerator literals (create and merge), and
/// patches (strategic merge, or JSON 6902 add and replace) with a kind and name target. Generated names get no hash,
/// and namespace, images, replicas and labels are left as they are: the tests do not read them.
/// <see cref="ProductionOverlayTests"/> checks the same facts on kubectl's rendering wherever kubectl is installed.
/// </summary>
public static class KustomizeRenderer
{
    public static List<YamlMappingNode> Render(string directory)
    {
        var kustomization = Load(File.ReadAllText(Path.Combine(directory, "kustomization.yaml"))).Single();
        var resources = new List<YamlMappingNode>();
        foreach (var resource in Sequence(kustomization, "resources").Select(Text))
        {
            var path = Path.GetFullPath(Path.Combine(directory, resource));
            resources.AddRange(Directory.Exists(path) ? Render(path) : Load(File.ReadAllText(path)));
        }
        foreach (var generator in Sequence(kustomization, "configMapGenerator").Cast<YamlMappingNode>())
            Generate(resources, generator);
        foreach (var patch in Sequence(kustomization, "patches").Cast<YamlMappingNode>())
            Patch(resources, patch, directory);
        return resources;
    }

    public static List<YamlMappingNode> Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
    }

    private static void Generate(List<YamlMappingNode> resources, YamlMappingNode generator)
    {
        var name = Text(generator["name"]);
        var merge = generator.Children.TryGetValue(new YamlScalarNode("behavior"), out var behavior) && Text(behavior) == "merge";
        var configMap = merge
            ? resources.Single(r => Text(r["kind"]) == "ConfigMap" && Text(r["metadata"]["name"]) == name)
            : new YamlMappingNode { { "apiVersion", "v1" }, { "kind", "ConfigMap" }, { "metadata", new YamlMappingNode { { "name", name } } }, { "data", new YamlMappingNode() } };
        if (!merge) resources.Add(configMap);
        var data = (YamlMappingNode)configMap["data"];
        foreach (var literal in Sequence(generator, "literals").Select(Text))
        {
            var (key, value) = (literal[..literal.IndexOf('=', StringComparison.Ordinal)], literal[(literal.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            data.Children[new YamlScalarNode(key)] = new YamlScalarNode(value);
        }
    }

    private static void Patch(List<YamlMappingNode> resources, YamlMappingNode patch, string directory)
    {
        var text = patch.Children.TryGetValue(new YamlScalarNode("path"), out var path)
            ? File.ReadAllText(Path.Combine(directory, Text(path)))
            : Text(patch["patch"]);
        var target = (YamlMappingNode)patch["target"];
        foreach (var resource in resources.Where(r => Text(r["kind"]) == Text(target["kind"]) && Text(r["metadata"]["name"]) == Text(target["name"])))
        {
            // Parsed again for each target, so that no two resources share a node.
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            switch (stream.Documents.Single().RootNode)
            {
                case YamlSequenceNode operations:
                    foreach (var operation in operations.Cast<YamlMappingNode>()) ApplyJsonPatch(resource, operation);
                    break;
                case YamlMappingNode strategic:
                    // The target names the resource; the patch's own name is a placeholder.
                    ((YamlMappingNode)strategic["metadata"]).Children.Remove(new YamlScalarNode("name"));
                    StrategicMerge(resource, strategic);
                    break;
            }
        }
    }

    private static void ApplyJsonPatch(YamlMappingNode resource, YamlMappingNode operation)
    {
        var op = Text(operation["op"]);
        if (op is not ("add" or "replace")) throw new NotSupportedException($"JSON patch op '{op}' is not rendered by the tests.");
        var segments = Text(operation["path"]).Trim('/').Split('/');
        var node = resource;
        foreach (var segment in segments[..^1]) node = (YamlMappingNode)node[segment];
        node.Children[new YamlScalarNode(segments[^1])] = operation["value"];
    }

    /// <summary>Maps merge key by key; lists of objects merge item by item on their merge key; anything else is replaced.</summary>
    private static void StrategicMerge(YamlMappingNode target, YamlMappingNode patch)
    {
        foreach (var (key, value) in patch.Children)
        {
            if (!target.Children.TryGetValue(key, out var existing))
                target.Children[key] = value;
            else if (existing is YamlMappingNode existingMap && value is YamlMappingNode patchMap)
                StrategicMerge(existingMap, patchMap);
            else if (existing is YamlSequenceNode existingList && value is YamlSequenceNode patchList && patchList.All(i => i is YamlMappingNode))
                MergeList(existingList, patchList, MergeKey(Text(key)));
            else
                target.Children[key] = value;
        }
    }

    private static void MergeList(YamlSequenceNode target, YamlSequenceNode patch, string mergeKey)
    {
        var inserted = 0;
        foreach (var item in patch.Cast<YamlMappingNode>())
        {
            var match = target.OfType<YamlMappingNode>().FirstOrDefault(t => Text(t[mergeKey]) == Text(item[mergeKey]));
            if (match is not null) StrategicMerge(match, item);
            else target.Children.Insert(inserted++, item); // new items come first, as kubectl renders them
        }
    }

    // Kubernetes' merge keys for the lists the manifests patch.
    private static string MergeKey(string list) => list switch
    {
        "volumeMounts" => "mountPath",
        "ports" => "containerPort",
        _ => "name",
    };

    private static IEnumerable<YamlNode> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (YamlSequenceNode)value : [];

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value ?? "";
}
