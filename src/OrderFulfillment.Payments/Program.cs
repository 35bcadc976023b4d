using OrderFulfillment.Payments;
using OrderFulfillment.Payments.Api;
using OrderFulfillment.Payments.Gateway;
using OrderFulfillment.Payments.Messaging;
using OrderFulfillment.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<PaymentsDbContext>();
builder.AddPaymentGateway();
builder.AddPaymentsMessaging();

var app = builder.Build();
await app.MigrateDatabaseAsync<PaymentsDbContext>();
app.MapDefaultEndpoints();
app.MapPaymentsApi();
await app.RunAsync();
