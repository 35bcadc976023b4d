using OrderFulfillment.ServiceDefaults;
using OrderFulfillment.Shipping;
using OrderFulfillment.Shipping.Api;
using OrderFulfillment.Shipping.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<ShippingDbContext>();
builder.AddShippingMessaging();

var app = builder.Build();
await app.MigrateDatabaseAsync<ShippingDbContext>();
app.MapDefaultEndpoints();
app.MapShippingApi();
await app.RunAsync();
