using FluentAssertions;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrderFulfillment.Orchestrator.Tests.Api;

/// <summary>
/// <c>POST /orders</c> with a customer reference (OrderPlaced v2) and prices at the limits of the schemas'
/// decimal(18, 4), through the orchestrator, its PostgreSQL and Kafka.
/// </summary>
public sealed class PlaceOrderTests
{
    private const string OneItem = """[{"productId":"p","quantity":1,"unitPriceUsd":1}]""";

    private OrchestratorApi _api = null!;

    [OneTimeSetUp]
    public async Task Start() => _api = await OrchestratorApi.Start();

    [OneTimeTearDown]
    public async Task Stop() => await _api.DisposeAsync();

    [Test]
    public async Task A_customer_reference_is_trimmed_taken_by_the_saga_and_shown()
    {
        var orderId = await _api.Place(Body("  PO-4711 "));

        var order = await _api.PlacedOrder(orderId);

        order.GetProperty("customerReference").GetString().Should().Be("PO-4711");
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public async Task Without_a_customer_reference_the_order_shows_null(string? reference)
    {
        var orderId = await _api.Place(Body(reference));

        var order = await _api.PlacedOrder(orderId);

        order.GetProperty("customerReference").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Test]
    public async Task Sixty_four_characters_are_accepted_counted_as_Unicode_characters_like_the_database_counts_them()
    {
        // 64 characters outside the BMP: 128 UTF-16 code units, which PostgreSQL's varchar(64) must still take.
        var reference = string.Concat(Enumerable.Repeat("\U0001F4E6", 64));

        var order = await _api.PlacedOrder(await _api.Place(Body(reference)));

        order.GetProperty("customerReference").GetString().Should().Be(reference);
    }

    private static IEnumerable<TestCaseData> InvalidBodies()
    {
        yield return new TestCaseData(Body(new string('x', 65)), "customerReference")
            .SetName("Customer reference of 65 characters");
        yield return new TestCaseData(Body("PO\n4711"), "customerReference")
            .SetName("Customer reference with a line break");
        yield return new TestCaseData(Body("PO\u00074711"), "customerReference")
            .SetName("Customer reference with a bell character");
        yield return new TestCaseData(Body("PO\u00854711"), "customerReference")
            .SetName("Customer reference with a C1 control character");
        yield return new TestCaseData(Body("PO").Replace("\"PO\"", "\"PO\\ud800\"", StringComparison.Ordinal),
            "customerReference")
            .SetName("Customer reference with half a surrogate pair");
        yield return new TestCaseData(Body(items: """[{"productId":"p","quantity":1,"unitPriceUsd":1.23456}]"""),
            "items[0].unitPriceUsd")
            .SetName("Price with 5 decimal places");
        yield return new TestCaseData(
            Body(items: """
                [{"productId":"p","quantity":1,"unitPriceUsd":1},
                 {"productId":"q","quantity":1,"unitPriceUsd":0.00001}]
                """),
            "items[1].unitPriceUsd").SetName("Price below the smallest unit");
        yield return new TestCaseData(
            Body(items: """[{"productId":"p","quantity":1,"unitPriceUsd":100000000000000}]"""), "items[0].unitPriceUsd")
            .SetName("Price with 15 integer digits");
        yield return new TestCaseData(
            Body(items: """
                [{"productId":"p","quantity":1,"unitPriceUsd":99999999999999.9999},
                 {"productId":"q","quantity":1,"unitPriceUsd":0.0001}]
                """),
            "items").SetName("Total of two prices beyond 14 integer digits");
        yield return new TestCaseData(Body(items: """[{"productId":"p","quantity":2,"unitPriceUsd":60000000000000}]"""),
            "items")
            .SetName("Total of quantity times price beyond 14 integer digits");
    }

    [TestCaseSource(nameof(InvalidBodies))]
    public async Task Invalid_input_is_refused_with_problem_details_naming_the_field_and_nothing_is_stored(string body,
        string field)
    {
        var before = _api.Submissions();

        using var response = await _api.Post(body);

        (await OrchestratorApi.ProblemFields(response)).Should().Contain(field);
        _api.Submissions().Should().Be(before);
    }

    [Test]
    public async Task Prices_with_at_most_4_decimal_places_are_kept_exactly()
    {
        var orderId =
            await _api.Place(
                Body(items: """
                    [{"productId":"p","quantity":3,"unitPriceUsd":12.3456},
                     {"productId":"q","quantity":1,"unitPriceUsd":1.50000}]
                    """));

        var order = await _api.PlacedOrder(orderId);

        order.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("unitPriceUsd").GetDecimal())
            .Should().Equal(12.3456m, 1.5m);
        order.GetProperty("totalUsd").GetDecimal().Should().Be(38.5368m);
    }

    [Test]
    public async Task The_largest_total_decimal_18_4_holds_is_accepted()
    {
        var orderId =
            await _api.Place(Body(items: """[{"productId":"p","quantity":1,"unitPriceUsd":99999999999999.9999}]"""));

        var order = await _api.PlacedOrder(orderId);

        order.GetProperty("totalUsd").GetDecimal().Should().Be(99_999_999_999_999.9999m);
    }

    [Test]
    public async Task A_retry_with_the_same_key_and_reference_returns_the_same_order_however_the_reference_is_padded()
    {
        var key = Guid.NewGuid().ToString();

        var first = await _api.Place(Body("PO-1"), key);
        var retry = await _api.Place(Body(" PO-1  "), key);

        retry.Should().Be(first);
    }

    [TestCase("PO-1", "PO-2")]
    [TestCase(null, "PO-1")]
    [TestCase("PO-1", null)]
    public async Task The_same_key_with_another_customer_reference_is_a_different_order_and_refused(string? first,
        string? second)
    {
        var key = Guid.NewGuid().ToString();
        await _api.Place(Body(first), key);

        using var reused = await _api.Post(Body(second), key);

        reused.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Test]
    public async Task The_openapi_document_describes_the_customer_reference()
    {
        var schemas = (await _api.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("components")
            .GetProperty("schemas");

        var reference =
            schemas.GetProperty("PlaceOrderRequest").GetProperty("properties").GetProperty("customerReference");
        reference.GetProperty("maxLength").GetInt32().Should().Be(64);
        reference.GetProperty("description").GetString().Should().Contain("purchase-order number");
        schemas.GetProperty("OrderView").GetProperty("properties").TryGetProperty("customerReference", out _)
            .Should().BeTrue();
    }

    /// <summary>A valid order; <paramref name="customerReference"/> is left out when null.</summary>
    private static string Body(string? customerReference = null, string items = OneItem)
    {
        var reference = customerReference is null ? string.Empty
            : $",\"customerReference\":{JsonSerializer.Serialize(customerReference)}";
        return $$"""{"customerId":"c","tenantId":"t","items":{{items}},"shippingAddressId":"a"{{reference}}}""";
    }
}
