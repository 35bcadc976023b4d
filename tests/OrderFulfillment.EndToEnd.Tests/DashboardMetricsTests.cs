using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OrderFulfillment.EndToEnd.Tests;

/// <summary>
/// The Grafana dashboard of docker/ asks only for metrics the services publish. Each service's <c>/metrics</c> is
/// scraped after an order completed; instruments that publish only once something goes wrong (dead letters) are known
/// from the meters themselves, named as OpenTelemetry's Prometheus exporter names them.
/// </summary>
public sealed partial class DashboardMetricsTests
{
    // PromQL functions and keywords, and label names, as they appear in the dashboard's expressions.
    private static readonly HashSet<string> NotMetrics =
    [
        "sum", "max", "by", "rate", "increase", "histogram_quantile", "le", "from", "state", "reason", "job", "topic",
        "partition", "http_response_status_code", "rule",
    ];

    [Test]
    public async Task Every_metric_the_dashboard_asks_for_is_published()
    {
        var product = await StockLevel.NewProduct(5);
        (await Orders.WaitForFinalState(await Orders.Place(Orders.Body(product)))).State.Should().Be("Completed");
        var published = InstrumentNames();
        foreach (var service in new[] { Platform.Orders, Platform.Inventory, Platform.Payments, Platform.Shipping })
        {
            published.UnionWith(await Scrape(service));
        }

        published.Should().Contain(["orderfulfillment_orders_active",
            "orderfulfillment_saga_step_duration_seconds_bucket", "kafka_consumer_lag"],
            "the scrapes carry the saga's and the rider's metrics");
        foreach (var metric in DashboardMetrics())
        {
            published.Should().Contain(metric, "the dashboard asks for it");
        }
    }

    private static async Task<List<string>> Scrape(HttpClient service)
    {
        using var response = await service.GetAsync("/metrics");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        return SampleName().Matches(text).Select(m => m.Groups["name"].Value).ToList();
    }

    /// <summary>
    /// Every instrument of the platform's meters, with the names and suffixes the Prometheus exporter gives it.
    /// </summary>
    private static HashSet<string> InstrumentNames()
    {
        var names = new HashSet<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                var name = instrument.Name.Replace('.', '_') + (instrument.Unit == "s" ? "_seconds" : "");
                names.Add(instrument is Counter<long> or Counter<double> ? name + "_total" : name);
                names.Add(name + "_bucket");
            },
        };
        listener.Start();
        return names;
    }

    private static List<string> DashboardMetrics()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Path("docker", "grafana",
            "dashboards", "orderfulfillment.json")));
        return dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .SelectMany(t => Identifier().Matches(t.GetProperty("expr").GetString()!).Select(m => m.Value))
            .Where(i => !NotMetrics.Contains(i))
            .Distinct()
            .ToList();
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", RegexOptions.Multiline)]
    private static partial Regex SampleName();

    // Metric names, functions, keywords and label names; not the unit of a range such as [5m].
    [GeneratedRegex(@"(?<![\w.])[a-z_][a-z0-9_]*")]
    private static partial Regex Identifier();
}
