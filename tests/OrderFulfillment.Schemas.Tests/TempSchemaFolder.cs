namespace OrderFulfillment.Schemas.Tests;

/// <summary>A schema folder in a fresh temporary directory, deleted on dispose.</summary>
internal sealed class TempSchemaFolder : IDisposable
{
    public TempSchemaFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } =
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "schema-folder-" + Guid.NewGuid().ToString("N"));

    /// <summary>
    /// Writes <paramref name="text"/> at <paramref name="relativePath"/> (e.g. <c>OrderPlaced/v1.avsc</c>).
    /// </summary>
    public TempSchemaFolder Write(string relativePath, string text)
    {
        var file = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        return this;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
