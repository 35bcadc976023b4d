using System.Diagnostics;
using System.Text.Json;

namespace OrderFulfillment.EndToEnd.Tests;

/// <summary>
/// Runs docs/examples/read_topic.py, the reader we give teams outside .NET, as a child process against the platform's
/// Kafka and schema registry, and returns the JSON line it printed per record.
/// </summary>
internal static class PythonReader
{
    private const string Prerequisite = "apt-get install -y python3-avro python3-confluent-kafka (README.md)";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    // Debian's packages install into Debian's interpreter; a python3 earlier on PATH (pyenv, a virtualenv) may lack
    // them.
    private static readonly Lazy<string> Interpreter = new(FindInterpreter);

    /// <summary>
    /// Every record of <paramref name="topic"/>, from the beginning to the end of each partition: without a group, or
    /// in the new consumer group <paramref name="group"/>.
    /// </summary>
    public static async Task<IReadOnlyList<JsonElement>> ReadTopic(string topic, string? group = null)
    {
        List<string> arguments =
        [
            RepositoryFiles.Path("docs", "examples", "read_topic.py"),
            "--bootstrap-servers", Platform.BootstrapServers, "--registry", TestSchemaRegistry.Url, "--topic", topic,
            "--count", "1000000",
        ];
        if (group is not null)
        {
            arguments.AddRange(["--group", group]);
        }

        var run = await ExternalProgram.RunAsync(Interpreter.Value, arguments, Deadline);
        run.ExitCode.Should().Be(0, $"read_topic.py failed on {topic}: {run.Errors}");
        return run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }

    private static string FindInterpreter()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("PYTHON3"), "python3",
            "/usr/bin/python3" }.OfType<string>().Distinct();
        var tried = new List<string>();
        foreach (var candidate in candidates)
        {
            try
            {
                var probe = ExternalProgram.RunAsync(candidate, ["-c", "import avro, confluent_kafka"], Deadline)
                    .GetAwaiter().GetResult();
                if (probe.ExitCode == 0)
                {
                    return candidate;
                }

                tried.Add($"{candidate}: {probe.Errors.Trim().Split('\n')[^1]}");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                tried.Add($"{candidate}: {e.Message}");
            }
        }

        Assert.Fail(
            $"No python3 with the packages avro and confluent_kafka, a prerequisite of this test: {Prerequisite}. " +
            $"Tried {string.Join("; ", tried)}.");
        throw new UnreachableException();
    }
}
