using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FluentAssertions;

namespace OrderFulfillment.Contracts.Tests.Deployment;

/// <summary>
/// docker/health-probe, run as the images' HEALTHCHECK runs it: exit 0 only when the URL answers 2xx.
/// </summary>
public sealed class HealthProbeTests
{
    [TestCase(HttpStatusCode.OK, 0)]
    [TestCase(HttpStatusCode.ServiceUnavailable, 1)]
    public async Task The_exit_code_follows_the_answer(HttpStatusCode status, int exitCode)
    {
        // A one-request HTTP server, so the test controls the answer exactly.
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var port = ((IPEndPoint)server.LocalEndpoint).Port;
        var answer = Task.Run(async () =>
        {
            using var client = await server.AcceptTcpClientAsync();
            using var stream = client.GetStream();
            using var reader = new StreamReader(stream);
            var requestLine = await reader.ReadLineAsync();
            var response = System.Text.Encoding.ASCII.GetBytes(
                $"HTTP/1.1 {(int)status} {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(response);
            return requestLine!.Split(' ')[1];
        });

        (await RunProbe($"http://127.0.0.1:{port}/health/live")).Should().Be(exitCode);
        // Bounded: a probe that never asked must fail the test, not hang it.
        (await answer.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be("/health/live");
    }

    [Test]
    public async Task A_service_that_does_not_listen_is_unhealthy()
    {
        (await RunProbe($"http://127.0.0.1:{FreePort()}/health/live")).Should().Be(1);
    }

    [Test]
    public async Task A_missing_url_is_unhealthy_not_docker_reserved_2()
    {
        (await RunProbe()).Should().Be(1);
    }

    private static async Task<int> RunProbe(params string[] arguments)
    {
        // Built by this project's reference to it, with the same configuration as the tests.
        // AppContext.BaseDirectory ends with a separator: its DirectoryInfo is net10.0, whose parent is the
        // configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var probe = Path.Combine(ComposeFile.DockerDirectory, "health-probe", "bin", configuration, "net10.0",
            "HealthProbe.dll");
        File.Exists(probe).Should().BeTrue("the probe is built with this project");
        var start = new ProcessStartInfo("dotnet", [probe, .. arguments]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync();
        TestContext.Out.WriteLine(output);
        return process.ExitCode;
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
