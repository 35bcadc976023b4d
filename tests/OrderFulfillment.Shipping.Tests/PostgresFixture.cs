namespace OrderFulfillment.Shipping.Tests;

/// <summary>The assembly's PostgreSQL (see <see cref="PostgresSetUp"/>).</summary>
[SetUpFixture]
public sealed class PostgresFixture : PostgresSetUp;
