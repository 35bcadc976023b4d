using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Tests;

/// <summary>Replicas of a service start together on a new database, and each migrates it at start.</summary>
public sealed class ExclusiveMigrationsTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task Four_processes_migrating_one_new_database_at_once_all_succeed_and_apply_each_migration_once()
    {
        for (var round = 0; round < 3; round++)
        {
            var database = await InfrastructureFixture.Postgres.CreateDatabaseAsync("m" + Guid.NewGuid().ToString("N"));
            var replicas = Enumerable.Range(0, 4).Select(_ => TestDatabase.Open(database)).ToList();
            try
            {
                await Task.WhenAll(replicas.Select(r => Task.Run(() => r.Database.MigrateExclusivelyAsync())));
            }
            finally
            {
                foreach (var replica in replicas)
                {
                    await replica.DisposeAsync();
                }
            }

            await using var db = TestDatabase.Open(database);
            (await db.Database.GetAppliedMigrationsAsync()).Should().Equal(db.Database.GetMigrations());
            (await db.Database.GetPendingMigrationsAsync()).Should().BeEmpty();
        }
    }
}
