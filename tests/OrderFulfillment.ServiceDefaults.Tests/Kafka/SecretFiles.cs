namespace OrderFulfillment.ServiceDefaults.Tests.Kafka;

/// <summary>Files standing in for container secrets and certificates, in a directory deleted after each test.</summary>
public abstract class SecretFiles
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("kafka-secrets-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    protected string WriteFile(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    protected string MissingFile(string name) => Path.Combine(_directory, name);
}
