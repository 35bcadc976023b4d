using OrderFulfillment.Inventory;
using OrderFulfillment.Inventory.Api;
using OrderFulfillment.Inventory.Messaging;
using OrderFulfillment.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<InventoryDbContext>();
builder.AddInventoryMessaging();

var app = builder.Build();
await app.MigrateDatabaseAsync<InventoryDbContext>();
app.MapDefaultEndpoints();
app.MapInventoryApi();
await app.RunAsync();
