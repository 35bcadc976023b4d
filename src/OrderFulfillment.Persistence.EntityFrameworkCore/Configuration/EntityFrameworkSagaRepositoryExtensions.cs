using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Persistence.EntityFrameworkCore.Saga;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;

/// <summary>Registers the EF Core saga repository the MassTransit way.</summary>
public static class EntityFrameworkSagaRepositoryExtensions
{
    /// <summary>
    /// Persists <typeparamref name="TSaga"/> in <typeparamref name="TDbContext"/> (registered with AddDbContext, and
    /// mapping the saga with a <see cref="SagaClassMap{TSaga}"/>). Optimistic concurrency by default.
    /// </summary>
    public static ISagaRegistrationConfigurator<TSaga> EntityFrameworkRepository<TSaga, TDbContext>(
        this ISagaRegistrationConfigurator<TSaga> configurator, Action<SagaRepositoryOptions<TSaga>>? configure = null)
        where TSaga : class, ISaga
        where TDbContext : DbContext
    {
        var options = new SagaRepositoryOptions<TSaga>();
        configure?.Invoke(options);
        configurator.Repository(services =>
        {
            services.AddSingleton(options);
            // Pessimistic loads lock the row through a tagged LINQ query that this interceptor completes.
            services.AddInterceptor<TDbContext>(_ => SagaRowLock.Instance);
            services.RegisterSagaRepository<TSaga, TDbContext, SagaConsumeContextFactory<TDbContext, TSaga>,
                EntityFrameworkSagaRepositoryContextFactory<TDbContext, TSaga>>();
            services.RegisterQuerySagaRepository<TSaga,
                EntityFrameworkSagaRepositoryContextFactory<TDbContext, TSaga>>();
            services.RegisterLoadSagaRepository<TSaga,
                EntityFrameworkSagaRepositoryContextFactory<TDbContext, TSaga>>();
        });
        return configurator;
    }
}
