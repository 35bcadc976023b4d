using OrderFulfillment.Payments;
using OrderFulfillment.Payments.Api;
using OrderFulfillment.Payments.Ledger;
using OrderFulfillment.Payments.Messaging;
using OrderFulfillment.ServiceDefaults;
using OrderFulfillment.ServiceDefaults.Operations;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPaymentsDomain();
builder.AddPaymentsMessaging();

var app = builder.Build();
await app.MigrateDatabaseAsync<PaymentsDbContext>();
app.MapDefaultEndpoints();
app.MapPaymentsApi();
app.MapConsumerStatus();
app.MapOrderLedger<PaymentsDbContext>(PaymentLedgerFacts.Read);
await app.RunAsync();
