using FluentAssertions;
using static OrderFulfillment.Schemas.Tests.TestSchemas;

namespace OrderFulfillment.Schemas.Tests;

public sealed class SchemaRulesTests
{
    [Test]
    public void A_valid_schema_has_no_problems()
    {
        SchemaRules.Problems(RecordJson("OrderPlaced",
                OrderId,
                """{"name":"reference","type":["null","string"],"default":null}""",
                """{"name":"channel","type":"string","default":"web"}""",
                """{"name":"priority","type":"int","default":0}""",
                """{"name":"weight","type":"double","default":1}""",
                """{"name":"tags","type":{"type":"array","items":"string"},"default":["a"]}""",
                """
                {"name":"status","type":{"type":"enum","name":"Status","symbols":["Placed","Shipped"]},
                    "default":"Placed"}
                """,
                """
                {"name":"line","type":{"type":"record","name":"Line",
                    "fields":[{"name":"sku","type":"string"},{"name":"quantity","type":"int","default":1}]},
                    "default":{"sku":"x"}}
                """))
            .Should().BeEmpty();
    }

    [TestCase("\"int\"", "\"none\"", "int")]
    [TestCase("\"int\"", "3000000000", "int")]
    [TestCase("\"long\"", "1.5", "long")]
    [TestCase("\"long\"", "100000000000000000000", "long")]
    [TestCase("\"string\"", "null", "string")]
    [TestCase("\"boolean\"", "0", "boolean")]
    [TestCase("\"bytes\"", "\"\u0100\"", "bytes")]
    [TestCase("{\"type\":\"array\",\"items\":\"int\"}", "[\"a\"]", "array of int")]
    [TestCase("{\"type\":\"enum\",\"name\":\"Status\",\"symbols\":[\"Placed\"]}", "\"Lost\"", "enum Status")]
    [TestCase("{\"type\":\"fixed\",\"name\":\"Two\",\"size\":2}", "\"abc\"", "fixed Two(2)")]
    public void A_default_that_is_not_a_value_of_the_field_type_is_a_problem(string type, string defaultJson,
        string described)
    {
        SchemaRules.Problems(RecordJson("OrderPlaced", $$"""{"name":"x","type":{{type}},"default":{{defaultJson}}}"""))
            .Should().Equal($"OrderPlaced.x: the default {defaultJson} is not a value of {described}");
    }

    [Test]
    public void A_union_default_must_be_a_value_of_the_first_branch()
    {
        SchemaRules.Problems(RecordJson("OrderPlaced", """{"name":"x","type":["null","int"],"default":1}"""))
            .Should().Equal("OrderPlaced.x: the default 1 is not a value of null (the first branch of the union)");
        SchemaRules.Problems(RecordJson("OrderPlaced", """{"name":"x","type":["int","null"],"default":1}"""))
            .Should().BeEmpty();
    }

    [Test]
    public void A_record_default_must_give_every_field_without_a_default_of_its_own()
    {
        SchemaRules.Problems(RecordJson("OrderPlaced",
                """
                {"name":"line","type":{"type":"record","name":"Line","fields":[{"name":"sku","type":"string"}]},
                    "default":{}}
                """))
            .Should().Equal("OrderPlaced.line: the default {} is not a value of record Line");
    }

    [Test]
    public void A_wrong_default_inside_a_nested_record_is_named_by_its_path()
    {
        SchemaRules.Problems(RecordJson("OrderPlaced",
                """
                {"name":"lines","type":{"type":"array","items":{"type":"record","name":"Line",
                    "fields":[{"name":"quantity","type":"int","default":"one"}]}}}
                """))
            .Should().Equal("OrderPlaced.lines[].quantity: the default \"one\" is not a value of int");
    }

    [Test]
    public void Duplicate_field_names_are_a_problem()
    {
        SchemaRules.Problems(
            RecordJson("OrderPlaced", """{"name":"x","type":"int"}""", """{"name":"x","type":"string"}"""))
            .Should().ContainSingle().Which.Should().StartWith(
                "the schema does not parse: field or alias x is a duplicate name");
    }

    [Test]
    public void An_enum_default_outside_its_symbols_is_a_problem()
    {
        SchemaRules.Problems("""{"type":"enum","name":"Status","symbols":["Placed"],"default":"Lost"}""")
            .Should().ContainSingle().Which.Should().StartWith(
                "the schema does not parse: Default symbol: Lost not found in symbols");
    }

    [Test]
    public void Text_that_is_not_a_schema_is_a_problem()
    {
        SchemaRules.Problems("{\"type\":").Should().ContainSingle().Which.Should().StartWith("the schema");
    }

    [Test]
    public void A_record_that_refers_to_itself_is_checked_once()
    {
        SchemaRules.Problems(RecordJson("Chain", """{"name":"value","type":"int","default":"x"}""",
            """{"name":"next","type":["null","Chain"],"default":null}"""))
            .Should().Equal("Chain.value: the default \"x\" is not a value of int");
    }
}
