using OrderFulfillment.Orchestrator.Api;
using OrderFulfillment.Orchestrator.Deadlines;
using OrderFulfillment.Orchestrator.Journal;
using OrderFulfillment.Orchestrator.Operations;
using OrderFulfillment.Orchestrator.Submissions;
using OrderFulfillment.Orchestrator.Telemetry;
using OrderFulfillment.ServiceDefaults;

namespace OrderFulfillment.Orchestrator;

/// <summary>
/// The orchestrator's own services: its database with the transition journal, submissions, queries, deadlines. The
/// sweeper needs an <see cref="IReplyProgress"/>, which <c>AddOrderSaga</c> registers.
/// </summary>
public static class OrchestratorServices
{
    public static IHostApplicationBuilder AddOrders(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OrderMetrics>();
        builder.Services.AddSingleton<ActiveOrderCounts>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ActiveOrderCounts>());
        builder.Services.AddSingleton<TransitionJournalInterceptor>();
        builder.Services.Configure<JournalRetentionOptions>(builder.Configuration.GetSection("Journal"));
        builder.Services.AddSingleton<JournalPruner>();
        builder.Services.AddHostedService(services => services.GetRequiredService<JournalPruner>());
        builder.AddServiceDatabase<OrdersDbContext>(database: (services, options) =>
            options.AddInterceptors(services.GetRequiredService<TransitionJournalInterceptor>()));
        builder.Services.AddScoped<OrderSubmissions>();
        builder.Services.AddScoped<OrderQueries>();
        builder.Services.AddScoped<OrderCancellations>();
        builder.AddOperations();
        builder.Services.Configure<DeadlineSweeperOptions>(builder.Configuration.GetSection("Deadlines"));
        builder.Services.AddSingleton<DeadlineMetrics>();
        // A singleton as well as a hosted service, so that one sweep can be run on its own (tests do).
        builder.Services.AddSingleton<DeadlineSweeper>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DeadlineSweeper>());
        return builder;
    }
}
