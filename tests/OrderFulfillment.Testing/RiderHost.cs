using Confluent.Kafka;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Messaging.Kafka.Configuration;

namespace OrderFulfillment.Testing;

/// <summary>A bus with the Kafka rider, as a service would configure it, started and stopped by the test.</summary>
public sealed class RiderHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly IBusControl _bus;

    private RiderHost(ServiceProvider provider)
    {
        _provider = provider;
        _bus = provider.GetRequiredService<IBusControl>();
    }

    public IServiceProvider Services => _provider;

    /// <summary>The cluster every host of this test run connects to; set by the assembly's fixture.</summary>
    public static string BootstrapServers { get; set; } = string.Empty;

    public static async Task<RiderHost> Start(Action<IRiderRegistrationConfigurator> register,
        Action<IRiderRegistrationContext, IKafkaFactoryConfigurator> configure,
        Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        // Warnings and errors reach the test output, so a failing test shows what the services complained about.
        collection.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        // The services' hosted services (MassTransit's among them) start as in a real host, bus included.
        collection.AddOptions<MassTransitHostOptions>().Configure(o => o.WaitUntilStarted = true);
        services?.Invoke(collection);
        collection.AddMassTransit(x =>
        {
            x.UsingInMemory();
            x.AddRider(rider =>
            {
                register(rider);
                rider.UsingKafka((context, k) =>
                {
                    k.Host(BootstrapServers);
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
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(timeout.Token);
        }

        return host;
    }

    public ITopicProducer<T> Producer<T>()
        where T : class =>
        _provider.CreateScope().ServiceProvider.GetRequiredService<ITopicProducer<T>>();

    /// <summary>Stops consuming as a crashed process would: nothing more is committed.</summary>
    public Task Crash() => KafkaRiderTesting.CrashAsync(_provider.GetRequiredService<IKafkaRider>());

    public BusHealthResult Health => _bus.CheckHealth();

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _provider.GetServices<IHostedService>().Reverse())
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await _provider.DisposeAsync();
    }

    public static ConsumerConfig ReaderConfig(string group) => new()
    {
        BootstrapServers = BootstrapServers,
        GroupId = group,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        FetchWaitMaxMs = 10,
    };
}
