namespace OrderFulfillment.Payments.Tests;

/// <summary>The assembly's PostgreSQL (see <see cref="PostgresSetUp"/>).</summary>
[SetUpFixture]
public sealed class PostgresFixture : PostgresSetUp;
