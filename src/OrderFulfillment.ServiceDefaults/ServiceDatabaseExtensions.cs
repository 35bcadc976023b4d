using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;

namespace OrderFulfillment.ServiceDefaults;

/// <summary>A service's own database: its DbContext, inbox and outbox, readiness check and migrations.</summary>
public static class ServiceDatabaseExtensions
{
    /// <summary>The connection string every service reads: <c>ConnectionStrings:Database</c>.</summary>
    public const string ConnectionStringName = "Database";

    /// <summary>
    /// Registers <typeparamref name="TDbContext"/> on PostgreSQL (<c>ConnectionStrings:Database</c>), its EF Core
    /// inbox and outbox (with the bus outbox, so HTTP handlers produce through it too) and a readiness check.
    /// <paramref name="database"/> adds to the context's options (interceptors, say) from the scope's services.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TDbContext>(this IHostApplicationBuilder builder,
        Action<EntityFrameworkOutboxOptions>? outbox = null, Action<IServiceProvider, DbContextOptionsBuilder>? database = null)
        where TDbContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set; the AppHost sets it, or set ConnectionStrings__{ConnectionStringName}.");
        }

        builder.Services.AddDbContext<TDbContext>((services, options) =>
        {
            options.UseNpgsql(connectionString);
            database?.Invoke(services, options);
        });
        builder.Services.AddEntityFrameworkOutbox<TDbContext>(o =>
        {
            o.UseBusOutbox();
            outbox?.Invoke(o);
        });
        builder.Services.AddHealthChecks().AddNpgSql(connectionString, name: "database", tags: [HealthExtensions.Ready]);
        return builder;
    }

    /// <summary>
    /// Applies pending migrations before the service takes messages or requests. EF Core takes a database lock
    /// while migrating, so several replicas starting together apply them once.
    /// </summary>
    public static async Task MigrateDatabaseAsync<TDbContext>(this WebApplication app)
        where TDbContext : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<TDbContext>().Database;
        // Created first so that the migrator's probe of an empty database does not log a failed query as an error.
        await database.GetService<IHistoryRepository>().CreateIfNotExistsAsync();
        await database.MigrateAsync();
    }
}
