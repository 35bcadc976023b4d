using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using OrderFulfillment.Orchestrator.Api;

namespace OrderFulfillment.EndToEnd.Tests;

/// <summary>What the orders API refuses, and how it says so.</summary>
public sealed class OrderApiTests
{
    private const string Valid = """
        {"customerId":"c","tenantId":"tenant-e2e",
         "items":[{"productId":"p","quantity":1,"unitPriceUsd":1}],"shippingAddressId":"a"}
        """;

    private static IEnumerable<TestCaseData> InvalidBodies()
    {
        yield return new TestCaseData(
            """
            {"tenantId":"tenant-e2e",
             "items":[{"productId":"p","quantity":1,"unitPriceUsd":1}],"shippingAddressId":"a"}
            """,
            "customerId")
            .SetName("Missing customerId");
        yield return new TestCaseData(
            """{"customerId":"c","tenantId":"tenant-e2e","items":[{"productId":"p","quantity":1,"unitPriceUsd":1}]}""",
            "shippingAddressId")
            .SetName("Missing shippingAddressId");
        yield return new TestCaseData(
            """{"customerId":"c","tenantId":"tenant-e2e","items":[],"shippingAddressId":"a"}""", "items")
                .SetName("No items");
        yield return new TestCaseData("""{"customerId":"c","tenantId":"tenant-e2e","shippingAddressId":"a"}""", "items")
            .SetName("Missing items");
        yield return new TestCaseData(
            """
            {"customerId":"c","tenantId":"tenant-e2e",
             "items":[{"productId":"p","quantity":0,"unitPriceUsd":1}],"shippingAddressId":"a"}
            """,
            "items[0].quantity").SetName("Zero quantity");
        yield return new TestCaseData(
            """
            {"customerId":"c","tenantId":"tenant-e2e",
             "items":[{"productId":"p","quantity":1,"unitPriceUsd":1},{"productId":"q","quantity":-2,"unitPriceUsd":1}],
             "shippingAddressId":"a"}
            """,
            "items[1].quantity").SetName("Negative quantity");
        yield return new TestCaseData(
            """
            {"customerId":"c","tenantId":"tenant-e2e",
             "items":[{"productId":"p","quantity":1,"unitPriceUsd":-0.01}],"shippingAddressId":"a"}
            """,
            "items[0].unitPriceUsd").SetName("Negative price");
        yield return new TestCaseData(
            """
            {"customerId":"c","tenantId":"tenant-e2e",
             "items":[{"quantity":1,"unitPriceUsd":1}],"shippingAddressId":"a"}
            """,
            "items[0].productId").SetName("Missing productId");
        yield return new TestCaseData(
            """
            {"customerId":"c","tenantId":"tenant-e2e",
             "items":[{"productId":"p","quantity":"many","unitPriceUsd":1}],"shippingAddressId":"a"}
            """,
            "items[0].quantity").SetName("Quantity not a number");
        yield return new TestCaseData("""{"customerId":"c","tenantId":""", "tenantId")
            .SetName("Malformed JSON, reported where it breaks");
        yield return new TestCaseData("", "body").SetName("Empty body");
        yield return new TestCaseData(Valid.Replace("\"a\"}", "\"a\",\"note\":\"" + new string('x', 70_000) + "\"}",
            StringComparison.Ordinal), "body")
            .SetName("Oversized body");
    }

    [TestCaseSource(nameof(InvalidBodies))]
    public async Task Invalid_input_is_refused_with_problem_details_naming_the_field_and_nothing_is_stored(string body,
        string field)
    {
        var before = await SubmissionCount();

        using var response =
            await Platform.Orders.PostAsync("/orders", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Contain(field);
        (await SubmissionCount()).Should().Be(before);
    }

    [Test]
    public async Task An_unknown_order_is_a_404_problem()
    {
        using var response = await Platform.Orders.GetAsync($"/orders/{Guid.NewGuid()}");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Test]
    public async Task Operators_list_orders_by_state_and_an_unknown_state_is_refused()
    {
        var product = await StockLevel.NewProduct(0);
        var orderId = await Orders.Place(Orders.Body(product));
        await Orders.WaitForFinalState(orderId);

        var cancelled =
            await Platform.Orders.GetFromJsonAsync<OrderPage>("/orders?state=Cancelled&reason=out_of_stock&limit=500");
        using var unknown = await Platform.Orders.GetAsync("/orders?state=Lost");

        cancelled!.Orders.Should().Contain(o => o.OrderId == orderId && o.CancellationReason == "out_of_stock");
        unknown.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task The_openapi_document_describes_the_orders_api()
    {
        var document = await Platform.Orders.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        document.GetProperty("paths").EnumerateObject().Select(p => p.Name)
            .Should().Contain(["/orders", "/orders/{orderId}"]);
    }

    private static async Task<long> SubmissionCount()
    {
        await using var connection = new NpgsqlConnection(Platform.ConnectionStrings["orders"]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM order_submissions", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
