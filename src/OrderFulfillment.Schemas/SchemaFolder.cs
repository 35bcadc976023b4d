using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Avro;

namespace OrderFulfillment.Schemas;

/// <summary>
/// Reads a folder of versioned schemas: one sub-folder per contract, named after it, holding <c>v1.avsc</c>,
/// <c>v2.avsc</c>, ... The same layout is embedded in an assembly (resources named
/// <c>schemas/{Contract}/v{n}.avsc</c>) so a service carries the schemas it was built with.
/// </summary>
public static partial class SchemaFolder
{
    /// <summary>The prefix of the embedded resources' names.</summary>
    public const string ResourcePrefix = "schemas/";

    /// <summary>Every version under <paramref name="directory"/>, by contract and then version.</summary>
    /// <exception cref="InvalidDataException">A file is misnamed, does not parse, or versions have a gap.</exception>
    public static IReadOnlyList<VersionedSchema> Load(string directory) =>
        Validate(Directory.EnumerateFiles(directory, "*.avsc", SearchOption.AllDirectories)
            .Select(path => Parse(Path.GetRelativePath(directory, path).Replace('\\', '/'), File.ReadAllText(path))));

    /// <summary>Every version embedded in <paramref name="assembly"/>, by contract and then version.</summary>
    /// <exception cref="InvalidDataException">A resource is misnamed, does not parse, or versions have a
    /// gap.</exception>
    public static IReadOnlyList<VersionedSchema> LoadEmbedded(Assembly assembly) =>
        Validate(assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            // MSBuild's %(RecursiveDir) puts a backslash in the resource name when built on Windows.
            .Select(name => Parse(name[ResourcePrefix.Length..].Replace('\\', '/'), ReadResource(assembly, name))));

    private static List<VersionedSchema> Validate(IEnumerable<VersionedSchema> schemas)
    {
        var list = schemas.OrderBy(s => s.Contract, StringComparer.Ordinal).ThenBy(s => s.Version).ToList();
        foreach (var contract in list.GroupBy(s => s.Contract))
        {
            var versions = contract.Select(s => s.Version).ToList();
            if (!versions.SequenceEqual(Enumerable.Range(1, versions.Count)))
            {
                throw new InvalidDataException(
                    $"Schema versions of {contract.Key} must be v1..v{versions.Count} without gaps; found " +
                    $"{string.Join(", ", versions.Select(v => "v" + v))}.");
            }
        }

        return list;
    }

    private static VersionedSchema Parse(string relativePath, string text)
    {
        var match = FileName().Match(relativePath);
        if (!match.Success)
        {
            throw new InvalidDataException($"Schema file '{relativePath}' is not named {{Contract}}/v{{n}}.avsc.");
        }

        var contract = match.Groups["contract"].Value;
        var version = int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture);
        var schema = SchemaParsing.TryParse(text, out var error, out var exception);
        if (schema is null)
        {
            throw new InvalidDataException($"Schema file '{relativePath}': {error}", exception);
        }

        if (schema is not NamedSchema named || named.Name != contract)
        {
            throw new InvalidDataException($"Schema file '{relativePath}' must define the named type {contract}.");
        }

        return new VersionedSchema(contract, version, schema, text);
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^(?<contract>[A-Za-z_][A-Za-z0-9_]*)/v(?<version>[1-9][0-9]*)\.avsc$")]
    private static partial Regex FileName();
}
