using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Saga;

/// <summary>The quoted table and key column of a saga, read from the EF model, for the row-lock statement.</summary>
internal sealed record SagaTable(string QualifiedTable, string KeyColumn)
{
    /// <summary>Loads and locks one instance; xmin is selected explicitly because <c>*</c> omits system columns.</summary>
    public string LockStatement => $"SELECT *, xmin FROM {QualifiedTable} WHERE {KeyColumn} = {{0}} FOR UPDATE";

    public static SagaTable For<TSaga>(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(TSaga))
            ?? throw new InvalidOperationException($"{typeof(TSaga).Name} is not mapped in {db.GetType().Name}; add its SagaClassMap.");
        var table = entity.GetTableName()!;
        var schema = entity.GetSchema();
        var key = entity.FindProperty(nameof(MassTransit.ISaga.CorrelationId))!.GetColumnName(StoreObjectIdentifier.Table(table, schema))!;
        var qualified = schema is null ? Quote(table) : $"{Quote(schema)}.{Quote(table)}";
        return new SagaTable(qualified, Quote(key));
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
