using Microsoft.Extensions.Options;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Operations;

/// <summary>
/// The operations API's services: its settings (checked at start), the saga's graph and statistics, queries and
/// actions.
/// </summary>
public static class OperationsServices
{
    public static IHostApplicationBuilder AddOperations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OperationsOptions>().Bind(builder.Configuration.GetSection("Operations"))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OperationsOptions>, OperationsOptionsValidation>();
        // The machine's graph does not change while it runs: read once.
        builder.Services.AddSingleton(services => SagaGraph.Of(services.GetRequiredService<OrderStateMachine>()));
        builder.Services.AddSingleton<SagaStatistics>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SagaStatistics>());
        builder.Services.AddScoped<OperationsQueries>();
        builder.Services.AddScoped<OrderActions>();
        return builder;
    }
}
