using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;

/// <summary>Adds the building blocks' interceptors to a DbContext the application registered, pooled or not.</summary>
internal static class DbContextInterceptorRegistration
{
    /// <summary>
    /// Adds <paramref name="interceptor"/> to <typeparamref name="TDbContext"/>'s options, with the lifetime its
    /// options already have: a pooled context's options are a singleton, and scoped additions would break its pool.
    /// </summary>
    public static void AddInterceptor<TDbContext>(this IServiceCollection services,
        Func<IServiceProvider, IInterceptor> interceptor)
        where TDbContext : DbContext
    {
        var lifetime = services.LastOrDefault(d => d.ServiceType == typeof(DbContextOptions<TDbContext>))?.Lifetime
            ?? ServiceLifetime.Scoped;
        services.ConfigureDbContext<TDbContext>((provider, db) => db.AddInterceptors(interceptor(provider)), lifetime);
    }
}
