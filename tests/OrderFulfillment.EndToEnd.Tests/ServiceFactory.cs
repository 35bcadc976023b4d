using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace OrderFulfillment.EndToEnd.Tests;

/// <summary>
/// One service of the platform, hosted in the test process with its own configuration: its database, the shared
/// Kafka cluster, and consumer timings that suit a test run. <typeparamref name="TEntryPoint"/> is any type of the
/// service's assembly.
/// </summary>
internal sealed class ServiceFactory<TEntryPoint>(IReadOnlyDictionary<string, string> settings,
    Action<IServiceCollection>? services = null)
    : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }
}
