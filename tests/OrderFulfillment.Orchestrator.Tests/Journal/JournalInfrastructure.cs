namespace OrderFulfillment.Orchestrator.Tests.Journal;

/// <summary>PostgreSQL for the journal tests only.</summary>
[SetUpFixture]
public sealed class JournalInfrastructure : PostgresSetUp;
