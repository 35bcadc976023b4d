using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace OrderFulfillment.Contracts.Tests.Deployment;

/// <summary>
/// docker/docker-compose.yml as YAML sees it, with its merge keys (<c>&lt;&lt;: *anchor</c>) resolved as Compose
/// resolves them.
/// </summary>
internal sealed class ComposeFile
{
    private ComposeFile(IReadOnlyDictionary<object, object> root) => Root = root;

    public static string DockerDirectory => Path.Combine(TopicCatalogueTests.RepositoryRoot(), "docker");

    public IReadOnlyDictionary<object, object> Root { get; }

    public IReadOnlyDictionary<string, IReadOnlyDictionary<object, object>> Services =>
        Map(Root["services"]).ToDictionary(s => (string)s.Key, s => Map(s.Value));

    /// <summary>The services built from this repository's Dockerfile: the platform's own four.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<object, object>> PlatformServices =>
        Services.Where(s => s.Value.ContainsKey("build")).ToDictionary(s => s.Key, s => s.Value);

    public static ComposeFile Load()
    {
        using var reader = new StreamReader(Path.Combine(DockerDirectory, "docker-compose.yml"));
        var root = new DeserializerBuilder().Build()
            .Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)));
        return new ComposeFile(root);
    }

    public static IReadOnlyDictionary<object, object> Map(object? node) =>
        node as Dictionary<object, object> ?? throw new InvalidOperationException($"Expected a mapping, found {node}.");

    public static IReadOnlyList<string> Strings(IReadOnlyDictionary<object, object> service, string key) =>
        service.TryGetValue(key, out var node) && node is List<object> items ? items.Select(i => (string)i).ToList()
        : [];

    /// <summary>
    /// A service's environment, keys as the service's configuration reads them (<c>__</c> becomes <c>:</c>).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Environment(IReadOnlyDictionary<object, object> service) =>
        Map(service["environment"])
            .ToDictionary(e => ((string)e.Key).Replace("__", ":", StringComparison.Ordinal), e => (string)e.Value);
}
