using OrderFulfillment.Orchestrator;
using OrderFulfillment.Orchestrator.Api;
using OrderFulfillment.Orchestrator.OperationsConsole;
using OrderFulfillment.Orchestrator.DeadLetters;
using OrderFulfillment.Orchestrator.Messaging;
using OrderFulfillment.Orchestrator.Operations;
using OrderFulfillment.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddOrders();
builder.AddOrderSaga();
builder.AddDeadLetters();
builder.AddOrderRateLimits();

var app = builder.Build();
await app.MigrateDatabaseAsync<OrdersDbContext>();
app.MapDefaultEndpoints();
app.MapOrdersApi();
app.MapDeadLettersApi();
app.MapOperationsApi();
app.MapOperationsHub();
app.MapConsole();
await app.RunAsync();
