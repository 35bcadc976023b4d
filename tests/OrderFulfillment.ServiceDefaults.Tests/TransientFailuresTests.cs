using System.Net.Sockets;
using Confluent.Kafka;
using FluentAssertions;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Persistence.EntityFrameworkCore.Transactions;

namespace OrderFulfillment.ServiceDefaults.Tests;

public sealed class TransientFailuresTests
{
    [TestCase("40001", TestName = "Serialization failure (40001) is transient")]
    [TestCase("40P01", TestName = "Deadlock (40P01) is transient")]
    [TestCase("55P03", TestName = "Lock not available (55P03) is transient")]
    [TestCase("57P01", TestName = "Admin shutdown (57P01) is transient")]
    [TestCase("57P02", TestName = "Crash shutdown (57P02) is transient")]
    [TestCase("57P03", TestName = "Cannot connect now (57P03) is transient")]
    [TestCase("53300", TestName = "Too many connections (53300) is transient")]
    [TestCase("08006", TestName = "Connection failure (08006) is transient")]
    [TestCase("08001", TestName = "Unable to connect (08001) is transient")]
    public void Database_states_that_heal_are_transient(string sqlState)
    {
        TransientFailures.IsTransient(Postgres(sqlState)).Should().BeTrue();
        TransientFailures.IsTransient(new DbUpdateException("save failed", Postgres(sqlState)))
            .Should().BeTrue("wrapping does not change it");
    }

    [TestCase("23502", TestName = "Not-null violation (23502) is permanent")]
    [TestCase("23505", TestName = "Unique violation (23505) is permanent")]
    [TestCase("23503", TestName = "Foreign-key violation (23503) is permanent")]
    [TestCase("23514", TestName = "Check violation (23514) is permanent")]
    [TestCase("22001", TestName = "String too long (22001) is permanent")]
    [TestCase("22P02", TestName = "Invalid text representation (22P02) is permanent")]
    [TestCase("42P01", TestName = "Undefined table (42P01) is permanent")]
    [TestCase("53100", TestName = "Disk full (53100) is permanent until an operator acts")]
    public void Constraint_violations_data_errors_and_bugs_are_permanent(string sqlState)
    {
        TransientFailures.IsTransient(Postgres(sqlState)).Should().BeFalse();
        TransientFailures.IsTransient(new DbUpdateException("save failed", Postgres(sqlState))).Should().BeFalse(
            "a DbUpdateException is no longer transient in itself");
    }

    [Test]
    public void Connection_failures_npgsql_calls_transient_are_transient()
    {
        TransientFailures.IsTransient(new NpgsqlException("Exception while reading from stream", new SocketException()))
            .Should().BeTrue();
        TransientFailures.IsTransient(new NpgsqlException("Exception while reading from stream", new IOException()))
            .Should().BeTrue();
        TransientFailures.IsTransient(
            new NpgsqlException("The connection pool has been exhausted", new TimeoutException())).Should().BeTrue();
        TransientFailures.IsTransient(new NpgsqlException("Something else")).Should().BeFalse();
    }

    [Test]
    public void Timeouts_and_optimistic_concurrency_conflicts_are_transient()
    {
        TransientFailures.IsTransient(new TimeoutException()).Should().BeTrue();
        TransientFailures.IsTransient(new DbUpdateConcurrencyException("xmin changed")).Should().BeTrue();
    }

    [Test]
    public void A_shared_transaction_that_did_not_commit_is_transient_whatever_its_cause()
    {
        var cause = new InvalidOperationException("not transient by itself");
        TransientFailures.IsTransient(cause).Should().BeFalse();
        TransientFailures.IsTransient(new SharedTransactionAbortedException("did not commit", cause)).Should().BeTrue();
    }

    [Test]
    public void Efs_retry_limit_wrapper_is_transient_only_when_its_cause_is()
    {
        TransientFailures.IsTransient(new RetryLimitExceededException("gave up", Postgres("40001"))).Should().BeTrue();
        TransientFailures.IsTransient(new RetryLimitExceededException("gave up", Postgres("23502"))).Should().BeFalse();
        TransientFailures.IsTransient(new RetryLimitExceededException("gave up")).Should().BeFalse();
    }

    [TestCase(ErrorCode.Local_Transport)]
    [TestCase(ErrorCode.Local_AllBrokersDown)]
    [TestCase(ErrorCode.Local_TimedOut)]
    [TestCase(ErrorCode.Local_MsgTimedOut)]
    [TestCase(ErrorCode.RequestTimedOut)]
    [TestCase(ErrorCode.LeaderNotAvailable)]
    [TestCase(ErrorCode.NotLeaderForPartition)]
    public void Brokers_that_are_unreachable_or_slow_are_transient_unless_the_error_is_fatal(ErrorCode code)
    {
        TransientFailures.IsTransient(new KafkaException(new Error(code, "broker trouble", isFatal: false)))
            .Should().BeTrue();
        TransientFailures.IsTransient(new KafkaException(new Error(code, "broker trouble", isFatal: true)))
            .Should().BeFalse();
    }

    [TestCase(ErrorCode.MsgSizeTooLarge)]
    [TestCase(ErrorCode.TopicAuthorizationFailed)]
    [TestCase(ErrorCode.Local_UnknownTopic)]
    [TestCase(ErrorCode.InvalidMsg)]
    public void Other_kafka_errors_are_permanent(ErrorCode code) =>
        TransientFailures.IsTransient(new KafkaException(new Error(code, "refused", isFatal: false)))
            .Should().BeFalse();

    [Test]
    public void Invalid_messages_and_bugs_are_permanent_however_wrapped()
    {
        TransientFailures.IsTransient(new InvalidMessageException("customerId", "customerId is required."))
            .Should().BeFalse();
        TransientFailures.IsTransient(new ConsumerException("consume failed", new InvalidMessageException("customerId",
            "customerId is required.")))
            .Should().BeFalse();
        TransientFailures.IsTransient(new ArgumentNullException("customerId")).Should().BeFalse();
        TransientFailures.IsTransient(new InvalidOperationException("bug")).Should().BeFalse();
    }

    [Test]
    public void Wrapped_failures_are_classified_by_their_cause()
    {
        TransientFailures.IsTransient(new ConsumerException("consume failed", new DbUpdateException("save",
            Postgres("40P01")))).Should().BeTrue();
        TransientFailures.IsTransient(new AggregateException(Postgres("40001"), new TimeoutException()))
            .Should().BeTrue();
        TransientFailures.IsTransient(new AggregateException(Postgres("40001"), Postgres("23505"))).Should().BeFalse(
            "one permanent failure among them makes retrying pointless");
    }

    private static PostgresException Postgres(string sqlState) => new("injected", "ERROR", "ERROR", sqlState);
}
