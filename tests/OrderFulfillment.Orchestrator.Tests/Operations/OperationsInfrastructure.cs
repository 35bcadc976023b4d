namespace OrderFulfillment.Orchestrator.Tests.Operations;

/// <summary>PostgreSQL for the operations tests; each fixture starts the orchestrator on a database and Kafka of its own.</summary>
[SetUpFixture]
public sealed class OperationsInfrastructure : PostgresSetUp;
