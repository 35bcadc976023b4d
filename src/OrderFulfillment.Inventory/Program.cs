using OrderFulfillment.Inventory;
using OrderFulfillment.Inventory.Api;
using OrderFulfillment.Inventory.Messaging;
using OrderFulfillment.Inventory.Stock;
using OrderFulfillment.ServiceDefaults;
using OrderFulfillment.ServiceDefaults.Operations;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddInventoryDomain();
builder.AddInventoryMessaging();

var app = builder.Build();
await app.MigrateDatabaseAsync<InventoryDbContext>();
app.MapDefaultEndpoints();
app.MapInventoryApi();
app.MapConsumerStatus();
app.MapOrderLedger<InventoryDbContext>(InventoryLedger.Read);
await app.RunAsync();
