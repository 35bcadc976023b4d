using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Saga;

/// <summary>Maps one saga type into a service's model.</summary>
public interface ISagaClassMap
{
    /// <summary>Adds the saga's entity to <paramref name="modelBuilder"/>.</summary>
    void Configure(ModelBuilder modelBuilder);
}

/// <summary>
/// The EF mapping of a saga: keyed by <see cref="ISaga.CorrelationId"/>, with PostgreSQL's <c>xmin</c> as the
/// optimistic concurrency token, so a concurrent update of the same saga fails instead of being lost. Derive from it
/// and map the saga's own properties in <see cref="Configure(EntityTypeBuilder{TSaga}, ModelBuilder)"/>.
/// </summary>
/// <typeparam name="TSaga">The saga state.</typeparam>
public abstract class SagaClassMap<TSaga> : ISagaClassMap
    where TSaga : class, ISaga
{
    /// <summary>Name of the shadow property mapped to <c>xmin</c>.</summary>
    public const string RowVersion = "RowVersion";

    /// <inheritdoc />
    public void Configure(ModelBuilder modelBuilder)
    {
        var entity = modelBuilder.Entity<TSaga>();
        entity.HasKey(x => x.CorrelationId);
        entity.Property(x => x.CorrelationId).ValueGeneratedNever();
        // Npgsql maps a uint row version to the xmin system column: free, and changed by every update.
        entity.Property<uint>(RowVersion).IsRowVersion();
        Configure(entity, modelBuilder);
    }

    /// <summary>Maps the saga's own properties (state, data, indexes).</summary>
    protected abstract void Configure(EntityTypeBuilder<TSaga> entity, ModelBuilder model);
}
