using System.Net;
using FluentAssertions;
using static OrderFulfillment.EmbeddedSchemaRegistry.Tests.ParcelSchemas;
using static OrderFulfillment.EmbeddedSchemaRegistry.Tests.RawHttp;
using static OrderFulfillment.EmbeddedSchemaRegistry.Tests.Registry;

namespace OrderFulfillment.EmbeddedSchemaRegistry.Tests;

/// <summary>
/// Checks that register nothing. As Confluent documents them: <c>.../versions/{version}</c> compares with that one
/// version under the subject's mode (<c>latest</c>: the latest version), <c>.../versions</c> makes the same check as
/// registering would.
/// </summary>
public sealed class CompatibilityCheckTests
{
    [Test]
    public async Task The_client_check_against_the_latest_version_agrees_with_registration()
    {
        using var client = Client();
        var subject = TestSchemaRegistry.UniqueSubject("checks");
        await client.RegisterSchemaAsync(subject, AvroSchema(V1));

        (await client.IsCompatibleAsync(subject, AvroSchema(WithRequiredWeight))).Should().BeFalse();
        (await client.IsCompatibleAsync(subject, AvroSchema(WithOptionalNote))).Should().BeTrue();
        (await client.GetSubjectVersionsAsync(subject)).Should().Equal([1], "a check registers nothing");
    }

    [Test]
    public async Task Under_a_transitive_mode_one_version_may_pass_while_the_whole_history_does_not()
    {
        using var http = new RawHttp(TestSchemaRegistry.Url);
        var subject = TestSchemaRegistry.UniqueSubject("checks");
        await http.Post($"subjects/{subject}/versions", SchemaBody(V1));
        await http.Post($"subjects/{subject}/versions", SchemaBody(WithDefaultedWeight));
        await http.Put($"config/{subject}", """{"compatibility": "BACKWARD_TRANSITIVE"}""");

        var latest = await http.Post($"compatibility/subjects/{subject}/versions/latest?verbose=true",
            SchemaBody(WithRequiredWeight));
        var first = await http.Post($"compatibility/subjects/{subject}/versions/1?verbose=true",
            SchemaBody(WithRequiredWeight));
        var all = await http.Post($"compatibility/subjects/{subject}/versions", SchemaBody(WithRequiredWeight));

        latest.Json["is_compatible"]!.GetValue<bool>().Should().BeTrue();
        latest.Json["messages"]!.AsArray().Should().BeEmpty();
        first.Json["is_compatible"]!.GetValue<bool>().Should().BeFalse();
        first.Json["messages"]!.AsArray().Select(m => m!.GetValue<string>()).Should().ContainSingle()
            .Which.Should().Contain("version 1").And.Contain("weight");
        all.Json["is_compatible"]!.GetValue<bool>().Should().BeFalse();
        all.Json["messages"].Should().BeNull("only verbose checks list the problems");
    }

    [Test]
    public async Task A_subject_without_versions_is_compatible_with_latest_but_has_no_numbered_version()
    {
        using var http = new RawHttp(TestSchemaRegistry.Url);
        var subject = TestSchemaRegistry.UniqueSubject("checks");

        (await http.Post($"compatibility/subjects/{subject}/versions/latest", SchemaBody(V1)))
            .Json["is_compatible"]!.GetValue<bool>().Should().BeTrue();
        var numbered = await http.Post($"compatibility/subjects/{subject}/versions/1", SchemaBody(V1));
        (numbered.Status, numbered.ErrorCode).Should().Be((HttpStatusCode.NotFound, 40401));
    }

    [Test]
    public async Task A_registration_refused_over_http_is_409_listing_each_problem()
    {
        using var http = new RawHttp(TestSchemaRegistry.Url);
        var subject = TestSchemaRegistry.UniqueSubject("checks");
        await http.Post($"subjects/{subject}/versions", SchemaBody(V1));
        await http.Put($"config/{subject}", """{"compatibility": "FULL"}""");

        var refused = await http.Post($"subjects/{subject}/versions", SchemaBody(WithIntId));

        (refused.Status, refused.ErrorCode).Should().Be((HttpStatusCode.Conflict, 409));
        refused.Json["message"]!.GetValue<string>().Should().Contain("the new schema cannot read data of version 1")
            .And.Contain("version 1 cannot read data of the new schema");
    }
}
