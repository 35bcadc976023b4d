namespace OrderFulfillment.Orchestrator.Tests.Api;

/// <summary>
/// PostgreSQL for the API tests only; each fixture starts the orchestrator on a database and Kafka of its own.
/// </summary>
[SetUpFixture]
public sealed class ApiInfrastructure : PostgresSetUp;
