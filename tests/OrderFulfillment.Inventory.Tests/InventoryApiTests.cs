using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Inventory.Api;
using OrderFulfillment.Inventory.Stock;
using OrderFulfillment.ServiceDefaults.Auth;

namespace OrderFulfillment.Inventory.Tests;

/// <summary>
/// <c>PUT</c> and <c>GET /inventory/{productId}</c> as operators call them, on the service as it runs: what each answer
/// says, and that setting the available units leaves reserved and shipped units alone, even when set concurrently.
/// </summary>
[NonParallelizable]
public sealed class InventoryApiTests
{
    private ServiceOnKafka<InventoryDbContext> _service = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _service = await InventoryService.Start();
        _http = _service.CreateClient();
        _http.DefaultRequestHeaders.Authorization = TestTokens.Bearer("acme", PlatformScopes.StockWrite);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _service.DisposeAsync();
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Setting_a_new_product_creates_it_with_nothing_reserved_or_shipped()
    {
        var product = NewProduct();

        using var response = await _http.PutAsJsonAsync($"/inventory/{product}", new { available = 7 });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<StockView>()).Should().Be(new StockView(product, 7, 0, 0));
        (await _http.GetFromJsonAsync<StockView>($"/inventory/{product}")).Should().Be(new StockView(product, 7, 0, 0));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Setting_a_known_product_changes_only_its_available_units()
    {
        var product = NewProduct();
        var before = DateTimeOffset.UtcNow.AddDays(-1);
        await using (var db = _service.Open())
        {
            db.Stock.Add(
                new StockItem { ProductId = product, Available = 1, Reserved = 3, Shipped = 2, UpdatedAt = before });
            await db.SaveChangesAsync();
        }

        using var response = await _http.PutAsJsonAsync($"/inventory/{product}", new { available = 9 });

        (await response.Content.ReadFromJsonAsync<StockView>()).Should().Be(new StockView(product, 9, 3, 2));
        await using var read = _service.Open();
        (await read.Stock.AsNoTracking().SingleAsync(s => s.ProductId == product)).UpdatedAt.Should().BeAfter(before);
    }

    [TestCase("""{ "available": -1 }""", "available")]
    [TestCase("{ }", "available")]
    [CancelAfter(60_000)]
    public async Task A_missing_or_negative_count_is_refused_and_changes_nothing(string body, string field)
    {
        var product = NewProduct();

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await _http.PutAsync($"/inventory/{product}", content);

        await ExpectValidationProblem(response, field, "Required, and not negative.");
        (await _http.GetAsync($"/inventory/{product}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_product_id_longer_than_the_column_is_refused()
    {
        using var response = await _http.PutAsJsonAsync($"/inventory/{new string('p', 101)}", new { available = 1 });

        await ExpectValidationProblem(response, "productId", "At most 100 characters.");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task An_unknown_product_is_not_found()
    {
        var product = NewProduct();

        using var response = await _http.GetAsync($"/inventory/{product}");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().Should().Be("Unknown product");
        problem.GetProperty("detail").GetString().Should().Be($"No stock is recorded for product '{product}'.");
    }

    // The first write of a product is an insert: two operators creating it at once must both succeed (one insert,
    // one update), not one of them fail on the primary key.
    [Test]
    [CancelAfter(60_000)]
    public async Task Operators_creating_the_same_product_at_once_all_succeed_and_one_count_wins()
    {
        var product = NewProduct();
        var counts = Enumerable.Range(1, 16).ToList();

        var startLine = new StartLine(counts.Count);
        var responses = await Task.WhenAll(counts.Select(count => Task.Run(async () =>
        {
            await startLine.Arrive();
            using var response = await _http.PutAsJsonAsync($"/inventory/{product}", new { available = count });
            return response.StatusCode;
        })));

        responses.Should().AllSatisfy(status => status.Should().Be(HttpStatusCode.OK));
        var stock = await _http.GetFromJsonAsync<StockView>($"/inventory/{product}");
        stock!.Available.Should().BeOneOf(counts);
        (stock.Reserved, stock.Shipped).Should().Be((0, 0));
    }

    private static string NewProduct() => "sku-" + Guid.NewGuid().ToString("N")[..12];

    private static async Task ExpectValidationProblem(HttpResponseMessage response, string field, string error)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString())
            .Should().Equal(error);
    }
}
