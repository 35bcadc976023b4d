namespace OrderFulfillment.Orchestrator.Tests.DeadLetters;

/// <summary>
/// PostgreSQL for the dead-letter tests; each fixture starts the orchestrator on a database and Kafka of its own.
/// </summary>
[SetUpFixture]
public sealed class DeadLetterInfrastructure : PostgresSetUp;
