using System.Net;
using FluentAssertions;
using static OrderFulfillment.EmbeddedSchemaRegistry.Tests.ParcelSchemas;
using static OrderFulfillment.EmbeddedSchemaRegistry.Tests.RawHttp;

namespace OrderFulfillment.EmbeddedSchemaRegistry.Tests;

/// <summary>The REST API as curl sees it: routes, bodies, media types and Confluent's error codes.</summary>
public sealed class RawHttpTests
{
    private const string SchemaRegistryJson = "application/vnd.schemaregistry.v1+json";

    [Test]
    public async Task A_missing_subject_version_or_schema_answers_its_own_code_in_the_registry_media_type()
    {
        using var http = new RawHttp(TestSchemaRegistry.Url);
        var subject = TestSchemaRegistry.UniqueSubject("raw");
        var missingSubject = await http.Get($"subjects/{subject}/versions");
        (missingSubject.Status, missingSubject.ErrorCode, missingSubject.MediaType)
            .Should().Be((HttpStatusCode.NotFound, 40401, SchemaRegistryJson));
        missingSubject.Json["message"]!.GetValue<string>().Should().Contain(subject);

        await http.Post($"subjects/{subject}/versions", SchemaBody(V1));

        (await http.Get($"subjects/{subject}/versions/2")).ErrorCode.Should().Be(40402);
        (await http.Get("schemas/ids/2000000000")).ErrorCode.Should().Be(40403);
        (await http.Post($"subjects/{subject}", SchemaBody(WithIntId))).ErrorCode.Should().Be(40403);
        (await http.Post($"subjects/{TestSchemaRegistry.UniqueSubject("raw")}", SchemaBody(V1))).ErrorCode.Should()
            .Be(40401);
    }

    [TestCase("0")]
    [TestCase("-2")]
    [TestCase("first")]
    public async Task A_version_that_is_neither_a_number_from_1_nor_latest_is_42202(string version)
    {
        using var http = new RawHttp(TestSchemaRegistry.Url);
        var subject = TestSchemaRegistry.UniqueSubject("raw");
        await http.Post($"subjects/{subject}/versions", SchemaBody(V1));

        var reply = await http.Get($"subjects/{subject}/versions/{version}");

        (reply.Status, reply.ErrorCode).Should().Be(((HttpStatusCode)422, 42202));
        (await http.Get($"subjects/{subject}/versions/-1")).Json["version"]!.GetValue<int>()
            .Should().Be(1, "-1 means latest");
    }

    [TestCase("""{"schema": "{\"type\": \"recrod\", \"name\": \"Parcel\", \"fields\": []}"}""", "does not parse")]
    [TestCase("""{"schema": "not json"}""", "Invalid schema")]
    [TestCase(
        """{"schema": "{\"type\": \"record\", \"name\": \"Parcel\", """
        + """\"fields\": [{\"name\": \"weight\", \"type\": \"int\", \"default\": \"heavy\"}]}"}""",
        "Parcel.weight")]
    [TestCase("""{"schema": ""}""", "no schema")]
    [TestCase("""{"schema": "syntax = \"proto3\";", "schemaType": "PROTOBUF"}""", "AVRO only")]
    [TestCase("""{"schema": "{\"type\": \"string\"}", "references": [{"name": "a", "subject": "b", "version": 1}]}""",
        "references are not supported")]
    public async Task An_invalid_or_unsupported_schema_is_42201_with_the_reason(string body, string reason)
    {
        using var http = new RawHttp(TestSchemaRegistry.Url);

        var reply = await http.Post($"subjects/{TestSchemaRegistry.UniqueSubject("raw")}/versions", body);

        (reply.Status, reply.ErrorCode).Should().Be(((HttpStatusCode)422, 42201), reply.Text);
        reply.Json["message"]!.GetValue<string>().Should().Contain(reason);
    }

    [Test]
    public async Task A_schema_sent_as_plain_json_registers_and_reads_back_raw_and_by_id_with_client_query_parameters()
    {
        using var http = new RawHttp(TestSchemaRegistry.Url);
        var subject = TestSchemaRegistry.UniqueSubject("raw");
        // A record of its own: the text of an id is the one first registered with it, perhaps by another test.
        var schema = V1Reformatted.Replace("Parcel", "Parcel" + Guid.NewGuid().ToString("N"), StringComparison.Ordinal);

        var registered = await http.Post($"subjects/{subject}/versions", SchemaBody(schema), "application/json");

        registered.Status.Should().Be(HttpStatusCode.OK);
        var id = registered.Json["id"]!.GetValue<int>();
        (await http.Get($"subjects/{subject}/versions/1/schema")).Text.Should().Be(schema);
        (await http.Get($"schemas/ids/{id}?subject={subject}&fetchMaxId=false&format=resolved"))
            .Json["schema"]!.GetValue<string>()
            .Should().NotBeEmpty();
        var uses = (await http.Get($"schemas/ids/{id}/versions")).Json.AsArray();
        uses.Select(u => (u!["subject"]!.GetValue<string>(), u["version"]!.GetValue<int>()))
            .Should().Contain((subject, 1));
        var lookedUp = (await http.Post($"subjects/{subject}", SchemaBody(schema.ReplaceLineEndings(" ")))).Json;
        (lookedUp["subject"]!.GetValue<string>(), lookedUp["version"]!.GetValue<int>(), lookedUp["id"]!.GetValue<int>())
            .Should().Be((subject, 1, id));
    }

    [Test]
    public async Task A_subject_without_its_own_mode_is_40408_unless_it_asks_for_the_global_one()
    {
        using var http = new RawHttp(TestSchemaRegistry.Url);
        var subject = TestSchemaRegistry.UniqueSubject("raw");

        (await http.Get($"config/{subject}")).ErrorCode.Should().Be(40408);
        (await http.Get($"config/{subject}?defaultToGlobal=true")).Json["compatibilityLevel"]!.GetValue<string>()
            .Should().Be("BACKWARD");
        (await http.Put($"config/{subject}", """{"compatibility": "FORWARD_TRANSITIVE"}"""))
            .Json["compatibility"]!.GetValue<string>()
            .Should().Be("FORWARD_TRANSITIVE");
        (await http.Get($"config/{subject}")).Json["compatibilityLevel"]!.GetValue<string>()
            .Should().Be("FORWARD_TRANSITIVE");
        (await http.Delete($"config/{subject}")).Json["compatibilityLevel"]!.GetValue<string>()
            .Should().Be("FORWARD_TRANSITIVE");
        (await http.Get($"config/{subject}")).ErrorCode.Should().Be(40408);
    }

    [Test]
    public async Task An_unknown_compatibility_level_is_42203_and_changes_nothing()
    {
        using var http = new RawHttp(TestSchemaRegistry.Url);
        var subject = TestSchemaRegistry.UniqueSubject("raw");

        var reply = await http.Put($"config/{subject}", """{"compatibility": "SIDEWAYS"}""");

        (reply.Status, reply.ErrorCode).Should().Be(((HttpStatusCode)422, 42203));
        (await http.Get($"config/{subject}")).ErrorCode.Should().Be(40408);
    }

    [Test]
    public async Task A_query_parameter_that_does_not_bind_is_a_400_in_the_registry_error_shape()
    {
        using var http = new RawHttp(TestSchemaRegistry.Url);

        var reply =
            await http.Post(
                $"compatibility/subjects/{TestSchemaRegistry.UniqueSubject("raw")}/versions/latest?verbose=maybe",
                SchemaBody(V1));

        (reply.Status, reply.ErrorCode).Should().Be((HttpStatusCode.BadRequest, 400));
        reply.Json["message"]!.GetValue<string>().Should().Contain("verbose");
    }

    [Test]
    public async Task An_unknown_route_is_a_404_in_the_registry_error_shape()
    {
        using var http = new RawHttp(TestSchemaRegistry.Url);

        var reply = await http.Get("contexts/.staging/subjects");

        (reply.Status, reply.ErrorCode).Should().Be((HttpStatusCode.NotFound, 404));
    }
}
