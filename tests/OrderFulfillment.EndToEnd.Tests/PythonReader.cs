using System.Diagnostics;
using System.Text.Json;

namespace OrderFulfillment.EndToEnd.Tests;

/// <summary>
/// Runs docs/examples/read_topic.py, the reader we give teams outside .NET, as a child process against the platform's
/// Kafka and schema registry, and returns the JSON line it printed per record.
/// </summary>
internal static class PythonReader
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private const string Prerequisite = "apt-get install -y python3-avro python3-confluent-kafka (README.md, Prerequisites)";

    // Debian's packages install into Debian's interpreter; a python3 earlier on PATH (pyenv, a virtualenv) may lack them.
    private static readonly Lazy<string> Interpreter = new(FindInterpreter);

    /// <summary>Every record of <paramref name="topic"/>, from the beginning to the end of each partition.</summary>
    public static async Task<IReadOnlyList<JsonElement>> ReadTopic(string topic)
    {
        var script = RepositoryFiles.Path("docs", "examples", "read_topic.py");
        var (exitCode, output, errors) = await Run(Interpreter.Value,
            [script, "--bootstrap-servers", Platform.BootstrapServers, "--registry", TestSchemaRegistry.Url, "--topic", topic, "--count", "1000000"]);
        exitCode.Should().Be(0, $"read_topic.py failed on {topic}: {errors}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }

    private static string FindInterpreter()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("PYTHON3"), "python3", "/usr/bin/python3" }.OfType<string>().Distinct();
        var tried = new List<string>();
        foreach (var candidate in candidates)
        {
            try
            {
                var (exitCode, _, errors) = Run(candidate, ["-c", "import avro, confluent_kafka"]).GetAwaiter().GetResult();
                if (exitCode == 0)
                {
                    return candidate;
                }

                tried.Add($"{candidate}: {errors.Trim().Split('\n')[^1]}");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                tried.Add($"{candidate}: {e.Message}");
            }
        }

        Assert.Fail($"No python3 with the packages avro and confluent_kafka, a prerequisite of this test: {Prerequisite}. Tried {string.Join("; ", tried)}.");
        throw new UnreachableException();
    }

    private static async Task<(int ExitCode, string Output, string Errors)> Run(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {Deadline}: {await errors}");
        }

        return (process.ExitCode, await output, await errors);
    }
}
