using FluentAssertions;
using Npgsql;

namespace OrderFulfillment.ServiceDefaults.Tests;

public sealed class ServiceDatabaseDefaultsTests
{
    [Test]
    public void Pooled_connections_skip_the_reset_and_repeated_statements_are_prepared_by_default()
    {
        var settings = new NpgsqlConnectionStringBuilder(ServiceDatabaseExtensions.WithServiceDefaults(
            "Host=db;Database=orders;Password=secret"));

        settings.NoResetOnClose.Should().BeTrue();
        settings.MaxAutoPrepare.Should().BeGreaterThan(0);
        settings.Host.Should().Be("db");
        settings.Password.Should().Be("secret");
    }

    [Test]
    public void A_connection_string_that_sets_them_keeps_its_own_values()
    {
        var settings = new NpgsqlConnectionStringBuilder(
            ServiceDatabaseExtensions.WithServiceDefaults(
                "Host=db;Database=orders;No Reset On Close=false;Max Auto Prepare=0"));

        settings.NoResetOnClose.Should().BeFalse();
        settings.MaxAutoPrepare.Should().Be(0);
    }
}
