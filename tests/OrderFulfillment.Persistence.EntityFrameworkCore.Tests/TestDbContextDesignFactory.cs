using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Tests;

/// <summary>Lets 'dotnet ef migrations add' build the model; generating a migration opens no connection.</summary>
public sealed class TestDbContextDesignFactory : IDesignTimeDbContextFactory<TestDbContext>
{
    public TestDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<TestDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}
