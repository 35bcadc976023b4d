using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Orchestrator.Telemetry;

namespace OrderFulfillment.Orchestrator.Tests.Api;

/// <summary>
/// The orchestrator's <c>/metrics</c>, scraped as Prometheus does: without a token, with the order metrics.
/// </summary>
public sealed partial class MetricsEndpointTests
{
    private const string Order =
        """{"customerId":"c","items":[{"productId":"p","quantity":1,"unitPriceUsd":1}],"shippingAddressId":"a"}""";

    private OrchestratorApi _api = null!;

    [OneTimeSetUp]
    public async Task Start() => _api = await OrchestratorApi.Start();

    [OneTimeTearDown]
    public async Task Stop() => await _api.DisposeAsync();

    [Test]
    public async Task An_order_waiting_in_a_state_is_counted_there_and_submissions_are_counted_without_a_tenant()
    {
        var order = await _api.PlacedOrder(await _api.Place(Order));
        var state = order.GetProperty("state").GetString()!;
        await _api.Services.GetRequiredService<ActiveOrderCounts>().RefreshAsync(CancellationToken.None);

        var metrics = await Scrape();

        var active = ActiveGauge().Matches(metrics).Where(m => m.Groups["state"].Value == state).ToList();
        active.Should().ContainSingle($"one series of orderfulfillment_orders_active for {state}:\n{metrics}");
        double.Parse(active[0].Groups["value"].Value, CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(1);
        var submitted = metrics.Split('\n')
            .Where(l => l.StartsWith("orderfulfillment_orders_submitted_total", StringComparison.Ordinal)).ToList();
        submitted.Should().ContainSingle().Which.Should().NotContain("tenant");
    }

    private async Task<string> Scrape()
    {
        using var scraper = _api.ClientAs(null);
        using var response = await scraper.GetAsync("/metrics");
        response.StatusCode.Should().Be(HttpStatusCode.OK, "Prometheus scrapes without a token");
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex(@"^orderfulfillment_orders_active\{[^}]*state=""(?<state>[^""]+)""[^}]*\} (?<value>\S+)",
        RegexOptions.Multiline)]
    private static partial Regex ActiveGauge();
}
