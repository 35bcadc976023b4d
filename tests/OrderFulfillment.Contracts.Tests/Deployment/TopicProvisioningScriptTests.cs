using System.Diagnostics;
using FluentAssertions;

namespace OrderFulfillment.Contracts.Tests.Deployment;

/// <summary>
/// docker/kafka/create-topics.sh run for real, with a stand-in kafka-topics.sh that records its arguments: every
/// catalogued topic and its dead-letter topic is created with its partitions and retention.
/// </summary>
public sealed class TopicProvisioningScriptTests
{
    private const int DeadLetterPartitions =
        3; // PlatformTopics (the embedded cluster) and docker/README.md say the same.

    private string _bin = null!;

    [SetUp]
    public void CreateStandInCli()
    {
        _bin = Directory.CreateTempSubdirectory("create-topics-").FullName;
        var cli = Path.Combine(_bin, "kafka-topics.sh");
        File.WriteAllText(cli, "#!/usr/bin/env bash\necho \"$*\" >> \"$(dirname \"$0\")/calls.txt\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(cli, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [TearDown]
    public void RemoveStandInCli() => Directory.Delete(_bin, recursive: true);

    [Test]
    public async Task Every_catalogued_topic_and_its_dead_letter_topic_is_created_with_its_partitions_and_retention()
    {
        var start =
            new ProcessStartInfo("bash", [Path.Combine(ComposeFile.DockerDirectory, "kafka", "create-topics.sh")])
        {
            Environment = { ["KAFKA_BIN"] = _bin, ["BOOTSTRAP_SERVER"] = "kafka:19092" },
            RedirectStandardOutput = true,
        };
        using var script = Process.Start(start)!;
        await script.StandardOutput.ReadToEndAsync();
        await script.WaitForExitAsync();
        script.ExitCode.Should().Be(0);

        var created = (await File.ReadAllLinesAsync(Path.Combine(_bin, "calls.txt"))).Select(Arguments).ToList();
        created.Should().OnlyContain(c => c["--bootstrap-server"] == "kafka:19092" && c.ContainsKey("--if-not-exists"));
        created.Select(c => (c["--topic"], c["--partitions"], c["--config"]))
            .Should().BeEquivalentTo(Topics.All.SelectMany(t => new[]
        {
            (t.Name, t.Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture), Retention(t)),
            (t.DeadLetterTopic, DeadLetterPartitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Retention(t)),
        }));
    }

    private static string Retention(TopicDefinition topic) =>
        "retention.ms=" + (topic.Retention == RetentionClass.Audit ? "31536000000" : "604800000");

    /// <summary>"--create --topic a --partitions 12" as {--create: "", --topic: a, --partitions: 12}.</summary>
    private static Dictionary<string, string> Arguments(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var arguments = new Dictionary<string, string>();
        for (var i = 0; i < words.Length; i++)
        {
            var hasValue = i + 1 < words.Length && !words[i + 1].StartsWith("--", StringComparison.Ordinal);
            arguments[words[i]] = hasValue ? words[++i] : "";
        }

        return arguments;
    }
}
