using FluentAssertions;
using OrderFulfillment.Contracts;

namespace OrderFulfillment.AppHost.Tests;

/// <summary>The catalogue's default ports and the AppHost's replica ports must not meet.</summary>
public sealed class CataloguePortsTests
{
    [Test]
    public void The_default_ports_are_distinct_and_fit_below_the_step_between_replicas()
    {
        var ports = ServiceCatalogue.All.Select(s => s.Port).ToList();

        ports.Should().OnlyHaveUniqueItems("ServiceCatalogue.cs gives each service its own port");
        (ports.Max() - ports.Min()).Should().BeLessThan(ServiceReplicas.PortStep,
            "replica 2 of the first service listens PortStep above it: give a new service the port after the others");
    }
}
