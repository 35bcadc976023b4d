using OrderFulfillment.Inventory;
using OrderFulfillment.Inventory.Api;
using OrderFulfillment.Inventory.Messaging;
using OrderFulfillment.ServiceDefaults;
using OrderFulfillment.ServiceDefaults.Operations;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<InventoryDbContext>();
builder.AddInventoryMessaging();

var app = builder.Build();
await app.MigrateDatabaseAsync<InventoryDbContext>();
app.MapDefaultEndpoints();
app.MapInventoryApi();
app.MapConsumerStatus();
app.MapOrderLedger<InventoryDbContext>(InventoryLedger.Read);
await app.RunAsync();
