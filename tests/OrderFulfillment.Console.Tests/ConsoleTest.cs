using Microsoft.Playwright;

namespace OrderFulfillment.Console.Tests;

/// <summary>
/// A fixture driving the console in Debian's chromium through Playwright (never Playwright's own browser download):
/// <c>CHROMIUM_PATH</c>, else <c>/usr/bin/chromium</c>. Each test gets a fresh page, opened with the operator token in
/// the URL fragment as the AppHost prints it. With <c>CONSOLE_SCREENSHOTS</c> set to a directory, tests save the
/// views they show there (docs/operations-screenshots is made this way).
/// </summary>
public abstract class ConsoleTest
{
    /// <summary>
    /// How long an expectation on the page waits: the counts refresh every second, the page every three.
    /// </summary>
    protected static readonly float Patience = 60_000;

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IBrowserContext? _context;

    protected IPage Page { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task LaunchBrowser()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu"],
        });
    }

    [OneTimeTearDown]
    public async Task CloseBrowser()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    [SetUp]
    public async Task OpenPage()
    {
        _context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize {
            Width = 1400, Height = 900 } });
        _context.SetDefaultTimeout(Patience);
        Page = await _context.NewPageAsync();
    }

    [TearDown]
    public async Task ClosePage()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }

    /// <summary>
    /// Opens the console as the operator does, with the token in the fragment, then goes to <paramref name="view"/>.
    /// </summary>
    protected async Task Open(string view)
    {
        await Page.GotoAsync(new Uri(Platform.Orchestrator, $"/console/#token={Platform.OperatorToken}").ToString());
        await Page.GetByRole(AriaRole.Button, new() { Name = "Forget token" }).WaitForAsync();
        await Page.EvaluateAsync("view => location.hash = view", view);
    }

    /// <summary>Saves the page as <paramref name="name"/>.png when screenshots are asked for.</summary>
    protected async Task Screenshot(string name)
    {
        if (Environment.GetEnvironmentVariable("CONSOLE_SCREENSHOTS") is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            await Page.ScreenshotAsync(
                new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
        }
    }
}
