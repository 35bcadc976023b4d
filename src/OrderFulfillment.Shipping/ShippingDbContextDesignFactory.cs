using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace OrderFulfillment.Shipping;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service.</summary>
internal sealed class ShippingDbContextDesignFactory : IDesignTimeDbContextFactory<ShippingDbContext>
{
    public ShippingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ShippingDbContext>().UseNpgsql("Host=localhost;Database=shipping").Options);
}
