using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;
using OrderFulfillment.ServiceDefaults.Postgres;
using OrderFulfillment.ServiceDefaults.Settings;

namespace OrderFulfillment.ServiceDefaults;

/// <summary>A service's own database: its DbContext, inbox and outbox, readiness check and migrations.</summary>
public static class ServiceDatabaseExtensions
{
    /// <summary>The connection string every service reads: <c>ConnectionStrings:Database</c>.</summary>
    public const string ConnectionStringName = ServiceDatabaseSettings.ConnectionStringName;

    /// <summary>
    /// Registers <typeparamref name="TDbContext"/> on PostgreSQL (the application role's connection from
    /// <see cref="ServiceDatabaseSettings"/>), its EF Core inbox and outbox (with the bus outbox, so HTTP handlers
    /// produce through it too) and a readiness check.
    /// <paramref name="database"/> adds to the context's options (interceptors, say) from the application's services:
    /// the contexts are pooled, so whatever it adds serves every scope.
    /// </summary>
    /// <exception cref="InvalidSettingException">A database setting is missing or invalid.</exception>
    public static IHostApplicationBuilder AddServiceDatabase<TDbContext>(this IHostApplicationBuilder builder,
        Action<EntityFrameworkOutboxOptions>? outbox = null,
        Action<IServiceProvider, DbContextOptionsBuilder>? database = null)
        where TDbContext : DbContext
    {
        var settings = ServiceDatabaseSettings.Read(builder.Configuration);
        var connectionString = settings.ConnectionString;
        builder.Services.AddSingleton(settings);

        // Pooled: a new DbContext builds EF Core's internal services for itself, and profiled that was a tenth of the
        // orchestrator's CPU, half of it queued on a lock (docs/benchmarks.md). A pooled one is reset and reused.
        builder.Services.AddDbContextPool<TDbContext>((services, options) =>
        {
            options.UseNpgsql(connectionString);
            database?.Invoke(services, options);
        });
        builder.Services.AddEntityFrameworkOutbox<TDbContext>(o =>
        {
            o.UseBusOutbox();
            outbox?.Invoke(o);
        });
        builder.Services.AddHealthChecks()
            .AddNpgSql(connectionString, name: "database", tags: [HealthExtensions.Ready]);
        return builder;
    }

    /// <summary>
    /// The pool settings the services are built for, unless the connection string sets them itself. Npgsql resets a
    /// pooled connection with <c>DISCARD ALL</c> each time it is reused, one more statement (which PostgreSQL counts as
    /// a transaction) for every unit of work; the services keep no session state (their advisory locks are all
    /// transaction-scoped), so they skip it. Their statements are few and repeated, so Npgsql prepares them after
    /// a second use and PostgreSQL stops parsing and planning them every time.
    /// </summary>
    public static string WithServiceDefaults(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            settings.NoResetOnClose = true;
        }

        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            settings.MaxAutoPrepare = 50;
        }

        return settings.ConnectionString;
    }

    /// <summary>
    /// Applies pending migrations before the service takes messages or requests, as the migrator role
    /// (<c>ConnectionStrings:DatabaseMigrations</c>) when one is set, under a database-wide lock
    /// (<see cref="ExclusiveMigrations"/>), so several replicas starting together apply them once.
    /// </summary>
    public static async Task MigrateDatabaseAsync<TDbContext>(this WebApplication app)
        where TDbContext : DbContext
    {
        var settings = app.Services.GetRequiredService<ServiceDatabaseSettings>();
        DatabaseConnectionLog.Write(app.Services, settings);
        await using var scope = app.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<TDbContext>().Database;
        // The context is pooled: it gets the application's connection back before it returns to the pool.
        database.SetConnectionString(settings.MigrationsConnectionString);
        try
        {
            await database.MigrateExclusivelyAsync();
        }
        finally
        {
            database.SetConnectionString(settings.ConnectionString);
            if (settings.MigrationsConnectionString != settings.ConnectionString)
            {
                // The owner's session would otherwise idle in the pool for minutes; the service needs it no more.
                await using var migrator = new NpgsqlConnection(settings.MigrationsConnectionString);
                NpgsqlConnection.ClearPool(migrator);
            }
        }
    }
}
