using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Saga;

/// <summary>
/// Saga persistence for one message, inside the transaction its factory opened or joined. Changes are flushed with
/// SaveChanges; committing is the transaction owner's job, so state, inbox and outbox rows commit together.
/// </summary>
internal sealed class DbContextSagaRepositoryContext<TDbContext, TSaga, TMessage> : ConsumeContextScope<TMessage>,
    SagaRepositoryContext<TSaga, TMessage>
    where TDbContext : DbContext
    where TSaga : class, ISaga
    where TMessage : class
{
    private readonly TDbContext _db;
    private readonly ConsumeContext<TMessage> _consumeContext;
    private readonly ISagaConsumeContextFactory<TDbContext, TSaga> _factory;
    private readonly SagaRepositoryOptions<TSaga> _options;

    public DbContextSagaRepositoryContext(TDbContext db, ConsumeContext<TMessage> consumeContext,
        ISagaConsumeContextFactory<TDbContext, TSaga> factory, SagaRepositoryOptions<TSaga> options)
        : base(consumeContext)
    {
        _db = db;
        _consumeContext = consumeContext;
        _factory = factory;
        _options = options;
    }

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance)
    {
        _db.Set<TSaga>().Add(instance);
        return _factory.CreateSagaConsumeContext(_db, _consumeContext, instance, SagaConsumeContextMode.Add);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>?> Insert(TSaga instance)
    {
        _db.Set<TSaga>().Add(instance);
        try
        {
            await _db.SaveChangesAsync(CancellationToken);
            return await _factory.CreateSagaConsumeContext(_db, _consumeContext, instance,
                SagaConsumeContextMode.Insert);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException {
            SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another message created it first; the caller loads the existing instance instead.
            _db.Entry(instance).State = EntityState.Detached;
            return null;
        }
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>?> Load(Guid correlationId)
    {
        var instance = _options.LockMode == SagaLockMode.Pessimistic
            ? await SagaRowLock.LoadAsync<TSaga>(_db, correlationId, CancellationToken)
            : await _db.Set<TSaga>().AsTracking()
                .SingleOrDefaultAsync(x => x.CorrelationId == correlationId, CancellationToken);
        return instance is null ? null
            : await _factory.CreateSagaConsumeContext(_db, _consumeContext, instance, SagaConsumeContextMode.Load);
    }

    public Task Save(SagaConsumeContext<TSaga> context) => _db.SaveChangesAsync(CancellationToken);

    public Task Update(SagaConsumeContext<TSaga> context) => _db.SaveChangesAsync(CancellationToken);

    public Task Delete(SagaConsumeContext<TSaga> context)
    {
        _db.Set<TSaga>().Remove(context.Saga);
        return _db.SaveChangesAsync(CancellationToken);
    }

    public Task Discard(SagaConsumeContext<TSaga> context)
    {
        _db.Entry(context.Saga).State = EntityState.Detached;
        return Task.CompletedTask;
    }

    public Task Undo(SagaConsumeContext<TSaga> context)
    {
        _db.Entry(context.Saga).State = EntityState.Detached;
        return Task.CompletedTask;
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> context, TSaga instance,
        SagaConsumeContextMode mode)
        where T : class =>
        _factory.CreateSagaConsumeContext(_db, context, instance, mode);
}
