namespace OrderFulfillment.Orchestrator.Operations;

/// <summary>Registration and routes of the hub's consumer overview and reconciliation.</summary>
public static class OperationsHub
{
    public static IHostApplicationBuilder AddOperationsHub(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<WorkerServicesOptions>(builder.Configuration.GetSection("Services"));
        builder.Services.AddHttpClient(nameof(WorkerServices));
        builder.Services.AddSingleton<WorkerServices>();
        return builder;
    }

    public static WebApplication MapOperationsHub(this WebApplication app)
    {
        app.MapConsumerOverview();
        return app;
    }
}
