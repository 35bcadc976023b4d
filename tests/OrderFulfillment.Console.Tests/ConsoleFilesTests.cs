using System.Net;

namespace OrderFulfillment.Console.Tests;

/// <summary>The console's files are served without a token (they hold no data), and nothing else is.</summary>
public sealed class ConsoleFilesTests
{
    private HttpClient Anonymous { get; set; } = null!;

    [OneTimeSetUp]
    public void CreateClient() =>
        Anonymous =
            new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Platform.Orchestrator };

    [OneTimeTearDown]
    public void DisposeClient() => Anonymous.Dispose();

    [TestCase("/console/", "text/html")]
    [TestCase("/console/console.js", "text/javascript")]
    [TestCase("/console/saga.js", "text/javascript")]
    [TestCase("/console/console.css", "text/css")]
    public async Task The_page_and_its_scripts_are_served_to_anyone_and_never_framed(string path, string contentType)
    {
        using var response = await Anonymous.GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(contentType);
        response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("default-src 'self'");
    }

    [Test]
    public async Task The_address_without_its_slash_is_redirected_so_the_page_finds_its_scripts()
    {
        using var response = await Anonymous.GetAsync(new Uri("/console", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().Be("/console/");
    }

    [TestCase("/console/nothing.js")]
    [TestCase("/console/OrderFulfillment.Orchestrator.dll")]
    [TestCase("/console/appsettings.json")]
    public async Task Anything_else_is_not_found(string path)
    {
        using var response = await Anonymous.GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task The_data_still_needs_the_operator_token()
    {
        using var response = await Anonymous.GetAsync(new Uri("/operations/saga", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
