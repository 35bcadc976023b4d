using System.Net;
using System.Net.Sockets;
using FluentAssertions;

namespace OrderFulfillment.EmbeddedKafka.Tests;

public sealed class ClusterLifetimeTests
{
    [Test]
    public void Start_reports_one_loopback_address_per_broker()
    {
        using var cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions { Brokers = 2 });

        cluster.BootstrapServers.Split(',')
            .Should().HaveCount(2).And.OnlyContain(a => a.StartsWith("127.0.0.1:", StringComparison.Ordinal));
    }

    [Test]
    public void Dispose_frees_the_broker_ports()
    {
        var cluster = EmbeddedKafkaCluster.Start();
        var ports = cluster.BootstrapServers.Split(',')
            .Select(a => int.Parse(a.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();

        cluster.Dispose();

        foreach (var port in ports)
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            var bind = () => listener.Start();
            bind.Should().NotThrow($"port {port} is free once the cluster is disposed");
            listener.Stop();
        }
    }

    [Test]
    public async Task A_disposed_cluster_refuses_further_control_calls()
    {
        var cluster = EmbeddedKafkaCluster.Start();
        cluster.Dispose();

        var create = () => cluster.CreateTopicAsync("orders.order.placed", 3);
        await create.Should().ThrowAsync<ObjectDisposedException>();
    }

    [Test]
    public async Task An_unknown_broker_id_is_rejected_with_the_valid_range()
    {
        using var cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions { Brokers = 3 });

        var down = () => cluster.SetBrokerDownAsync(4);
        (await down.Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.Message.Should().Contain("1..3");
    }
}
