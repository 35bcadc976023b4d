using OrderFulfillment.ServiceDefaults;
using OrderFulfillment.ServiceDefaults.Operations;
using OrderFulfillment.Shipping;
using OrderFulfillment.Shipping.Api;
using OrderFulfillment.Shipping.Messaging;
using OrderFulfillment.Shipping.Shipments;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddShippingDomain();
builder.AddShippingMessaging();

var app = builder.Build();
await app.MigrateDatabaseAsync<ShippingDbContext>();
app.MapDefaultEndpoints();
app.MapShippingApi();
app.MapConsumerStatus();
app.MapOrderLedger<ShippingDbContext>(ShipmentLedger.Read);
await app.RunAsync();
