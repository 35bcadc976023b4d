using FluentAssertions;
using OrderFulfillment.Contracts;
using OrderFulfillment.Orchestrator.Operations;

namespace OrderFulfillment.Orchestrator.Tests.Operations;

/// <summary>Each catalogued worker has the <c>Services:{Name}:Url</c> setting the AppHost passes on.</summary>
public sealed class WorkerSettingsTests
{
    [Test]
    public void Every_catalogued_worker_has_an_address_setting_the_hub_reads()
    {
        var missing = ServiceCatalogue.Workers
            .Where(w => typeof(WorkerServicesOptions).GetProperty(w.Name)?.PropertyType != typeof(WorkerServiceOptions))
            .Select(w => w.Name);

        missing.Should().BeEmpty("src/OrderFulfillment.Orchestrator/Operations: add to WorkerServicesOptions a "
            + "property named as each of these workers and to WorkerServices.UrlOf its arm");
    }

    [Test]
    public void The_hub_knows_where_each_configured_worker_is()
    {
        var options = new WorkerServicesOptions();
        foreach (var worker in ServiceCatalogue.Workers)
        {
            var property = typeof(WorkerServicesOptions).GetProperty(worker.Name);
            if (property?.GetValue(options) is WorkerServiceOptions setting)
            {
                setting.Url = new Uri(worker.DefaultUrl);
            }
        }

        var workers = new WorkerServices(null!, Microsoft.Extensions.Options.Options.Create(options));

        ServiceCatalogue.Workers.Select(w => workers.UrlOf(w.Name))
            .Should().Equal(ServiceCatalogue.Workers.Select(w => new Uri(w.DefaultUrl)),
                "WorkerServices.UrlOf needs an arm for each worker, reading its WorkerServicesOptions property");
    }
}
