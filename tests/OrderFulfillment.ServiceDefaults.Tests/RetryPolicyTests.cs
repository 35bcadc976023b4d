using FluentAssertions;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderFulfillment.Messaging.Kafka;

namespace OrderFulfillment.ServiceDefaults.Tests;

/// <summary>Which failure each of the transactional endpoint's two retry policies takes.</summary>
public sealed class RetryPolicyTests
{
    private static readonly IRetryPolicy Transient =
        Retry.CreatePolicy(TransactionalEndpointExtensions.TransientFailureRetry);
    private static readonly IRetryPolicy Permanent =
        Retry.CreatePolicy(TransactionalEndpointExtensions.PermanentFailureRetry);

    [Test]
    public void An_invalid_message_is_retried_by_neither_policy()
    {
        var invalid = new InvalidMessageException("customerId", "customerId is required.");

        Transient.IsHandled(invalid).Should().BeFalse();
        Permanent.IsHandled(invalid).Should().BeFalse();
    }

    [Test]
    public void A_transient_failure_is_retried_by_the_transient_policy_only()
    {
        var deadlock =
            new DbUpdateException("save", new PostgresException("deadlock detected", "ERROR", "ERROR", "40P01"));

        Transient.IsHandled(deadlock).Should().BeTrue();
        Permanent.IsHandled(deadlock).Should().BeFalse();
    }

    [Test]
    public void A_permanent_failure_is_retried_by_the_permanent_policy_only()
    {
        var notNull =
            new DbUpdateException("save", new PostgresException("null value in column", "ERROR", "ERROR", "23502"));

        Transient.IsHandled(notNull).Should().BeFalse();
        Permanent.IsHandled(notNull).Should().BeTrue();
    }
}
