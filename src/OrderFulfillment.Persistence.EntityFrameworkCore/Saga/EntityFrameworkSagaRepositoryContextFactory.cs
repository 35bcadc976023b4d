using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Saga;

/// <summary>
/// Runs a saga's step against <typeparamref name="TDbContext"/>. When the inbox/outbox filter already opened a
/// transaction on the scope's context, the step joins it (one commit for state, inbox and outbox); otherwise the
/// factory opens and commits its own. Failures roll back and propagate, so the endpoint's retry policy re-runs the
/// step against fresh state.
/// </summary>
/// <typeparam name="TDbContext">The service's DbContext.</typeparam>
/// <typeparam name="TSaga">The saga state.</typeparam>
public sealed class EntityFrameworkSagaRepositoryContextFactory<TDbContext, TSaga>(
    TDbContext db,
    ISagaConsumeContextFactory<TDbContext, TSaga> factory,
    SagaRepositoryOptions<TSaga> options)
    : ISagaRepositoryContextFactory<TSaga>, IQuerySagaRepositoryContextFactory<TSaga>,
        ILoadSagaRepositoryContextFactory<TSaga>
    where TDbContext : DbContext
    where TSaga : class, ISaga
{
    /// <inheritdoc />
    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class =>
        InTransaction(() => next.Send(CreateContext(context)), context.CancellationToken);

    /// <inheritdoc />
    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query,
        IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class =>
        InTransaction(async () =>
        {
            var ids = await db.Set<TSaga>().AsNoTracking().Where(query.FilterExpression).Select(x => x.CorrelationId)
                .ToListAsync(context.CancellationToken);
            var repository = CreateContext(context);
            var instances = new List<TSaga>();
            foreach (var id in ids)
            {
                if (await repository.Load(id) is { } loaded)
                {
                    instances.Add(loaded.Saga);
                }
            }

            await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(repository, instances));
        }, context.CancellationToken);

    /// <inheritdoc />
    public async Task<T> Execute<T>(Func<QuerySagaRepositoryContext<TSaga>, Task<T>> asyncMethod,
        CancellationToken cancellationToken = default)
        where T : class =>
        await asyncMethod(new ReadOnlyContext(db));

    /// <inheritdoc />
    public async Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod,
        CancellationToken cancellationToken = default)
        where T : class =>
        await asyncMethod(new ReadOnlyContext(db));

    /// <inheritdoc />
    public void Probe(ProbeContext context)
    {
        context.Add("persistence", "entity-framework-core");
        context.Add("lockMode", options.LockMode.ToString());
    }

    private DbContextSagaRepositoryContext<TDbContext, TSaga, T> CreateContext<T>(ConsumeContext<T> context)
        where T : class =>
        new(db, context, factory, options);

    private async Task InTransaction(Func<Task> work, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            await work();
            return;
        }

        await using var transaction =
            await db.Database.BeginTransactionAsync(options.IsolationLevel, cancellationToken);
        await work();
        await transaction.CommitAsync(cancellationToken);
    }

    private sealed class ReadOnlyContext(TDbContext db) : MassTransit.Middleware.BasePipeContext,
        QuerySagaRepositoryContext<TSaga>, LoadSagaRepositoryContext<TSaga>
    {
        public async Task<SagaRepositoryQueryContext<TSaga>> Query(ISagaQuery<TSaga> query,
            CancellationToken cancellationToken = default)
        {
            var ids = await db.Set<TSaga>().AsNoTracking().Where(query.FilterExpression).Select(x => x.CorrelationId)
                .ToListAsync(cancellationToken);
            return new DefaultSagaRepositoryQueryContext<TSaga>(this, ids);
        }

        public async Task<TSaga> Load(Guid correlationId) =>
            (await db.Set<TSaga>().AsNoTracking().SingleOrDefaultAsync(x => x.CorrelationId == correlationId))!;
    }
}
