// Docker's HEALTHCHECK runs this inside the service images (docker/<service>/Dockerfile): their chiseled runtime has
// no shell, curl or wget, and the .NET runtime is already there. Exit code 0 means healthy and 1 unhealthy; Docker
// reserves 2, so a wrong argument is "unhealthy" too and says why in the health log (docker inspect).
if (args.Length != 1 || !Uri.TryCreate(args[0], UriKind.Absolute, out var url))
{
    Console.WriteLine("usage: HealthProbe <absolute url>");
    return 1;
}

// Below Docker's own timeout (5 s in the Dockerfiles), so a hung service is reported by this line, not killed silently.
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
try
{
    using var response = await http.GetAsync(url);
    Console.WriteLine($"{url} answered {(int)response.StatusCode}");
    return response.IsSuccessStatusCode ? 0 : 1;
}
catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
{
    Console.WriteLine($"{url} did not answer: {e.Message}");
    return 1;
}
