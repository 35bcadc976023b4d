using Confluent.Kafka;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Messaging.Kafka.Configuration;

namespace OrderFulfillment.Messaging.Kafka.Tests;

/// <summary>A bus with the Kafka rider, as a service would configure it, started and stopped by the test.</summary>
internal sealed class RiderHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly IBusControl _bus;

    private RiderHost(ServiceProvider provider)
    {
        _provider = provider;
        _bus = provider.GetRequiredService<IBusControl>();
    }

    public IServiceProvider Services => _provider;

    public static async Task<RiderHost> Start(Action<IRiderRegistrationConfigurator> register,
        Action<IRiderRegistrationContext, IKafkaFactoryConfigurator> configure, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        services?.Invoke(collection);
        collection.AddMassTransit(x =>
        {
            x.UsingInMemory();
            x.AddRider(rider =>
            {
                register(rider);
                rider.UsingKafka((context, k) =>
                {
                    k.Host(KafkaFixture.Cluster.BootstrapServers);
                    k.ConfigureConsumers(c =>
                    {
                        c.SessionTimeoutMs = 6000;
                        c.HeartbeatIntervalMs = 500;
                        c.FetchWaitMaxMs = 10;
                        c.StatisticsIntervalMs = 1000;
                    });
                    configure(context, k);
                });
            });
        });

        var provider = collection.BuildServiceProvider();
        var host = new RiderHost(provider);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host._bus.StartAsync(timeout.Token);
        return host;
    }

    public ITopicProducer<T> Producer<T>()
        where T : class =>
        _provider.CreateScope().ServiceProvider.GetRequiredService<ITopicProducer<T>>();

    /// <summary>Stops consuming as a crashed process would: nothing more is committed.</summary>
    public Task Crash() => ((KafkaRider)_provider.GetRequiredService<IKafkaRider>()).CrashAsync();

    public BusHealthResult Health => _bus.CheckHealth();

    public async ValueTask DisposeAsync()
    {
        await _bus.StopAsync(CancellationToken.None);
        await _provider.DisposeAsync();
    }

    public static ConsumerConfig ReaderConfig(string group) => new()
    {
        BootstrapServers = KafkaFixture.Cluster.BootstrapServers,
        GroupId = group,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        FetchWaitMaxMs = 10,
    };
}
