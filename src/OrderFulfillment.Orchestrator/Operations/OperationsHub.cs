using OrderFulfillment.Orchestrator.Reconciliation;

namespace OrderFulfillment.Orchestrator.Operations;

/// <summary>Registration and routes of the hub's consumer overview and reconciliation.</summary>
public static class OperationsHub
{
    public static IHostApplicationBuilder AddOperationsHub(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<WorkerServicesOptions>(builder.Configuration.GetSection("Services"));
        builder.Services.AddHttpClient(nameof(WorkerServices));
        builder.Services.AddSingleton<WorkerServices>();
        builder.Services.Configure<ReconciliationOptions>(builder.Configuration.GetSection("Reconciliation"));
        builder.Services.AddSingleton<WorkerLedgers>();
        // A singleton as well as a hosted service, so that one run can be made on its own (tests do).
        builder.Services.AddSingleton<ReconciliationJob>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ReconciliationJob>());
        return builder;
    }

    public static WebApplication MapOperationsHub(this WebApplication app)
    {
        app.MapConsumerOverview();
        app.MapReconciliation();
        return app;
    }
}
