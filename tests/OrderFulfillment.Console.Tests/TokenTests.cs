using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrderFulfillment.Console.Tests;

public sealed class TokenTests : ConsoleTest
{
    [Test]
    public async Task A_token_in_the_fragment_is_kept_for_the_tab_and_removed_from_the_address_bar()
    {
        await Open("#/saga");

        Page.Url.Should().NotContain("token").And.EndWith("/console/#/saga");
        await Expect(Page.Locator("#saga-figures tr[data-state='Placed']")).ToBeVisibleAsync();
    }

    [Test]
    public async Task Without_a_token_the_page_asks_for_one_and_a_refused_token_is_asked_for_again()
    {
        await Page.GotoAsync(new Uri(Platform.Orchestrator, "/console/").ToString());
        var form = Page.Locator("#token-form");
        await Expect(form).ToBeVisibleAsync();

        await form.GetByLabel("Token").FillAsync(TestTokens.Expired("any"));
        await form.GetByRole(AriaRole.Button, new() { Name = "Use token" }).ClickAsync();
        await Expect(Page.GetByText("The token was refused (expired or invalid): give another.")).ToBeVisibleAsync();

        await form.GetByLabel("Token").FillAsync(Platform.OperatorToken);
        await form.GetByRole(AriaRole.Button, new() { Name = "Use token" }).ClickAsync();
        await Expect(Page.Locator("#saga-figures tr[data-state='Placed']")).ToBeVisibleAsync();
        await Expect(form).ToBeHiddenAsync();
    }
}
