using System.Reflection;
using System.Text.Json;
using FluentAssertions;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Contracts.Payments;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.ServiceDefaults.Validation;

namespace OrderFulfillment.ServiceDefaults.Tests;

/// <summary>
/// The validator on every contract of the platform, found by reflection: a contract added later is tested without
/// being listed here. Each is built valid from sample values, then broken one field at a time.
/// </summary>
public sealed class MessageValidatorTests
{
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web);

    public static IEnumerable<Type> Contracts() =>
        typeof(IOrderMessage).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IOrderMessage).IsAssignableFrom(t));

    public static IEnumerable<TestCaseData> BrokenFields() =>
        from contract in Contracts()
        from parameter in Constructor(contract).GetParameters()
        where new NullabilityInfoContext().Create(parameter).WriteState != NullabilityState.Nullable
        from broken in Breakages(parameter.ParameterType)
        select new TestCaseData(contract, parameter.Name, broken.Value, broken.Field(Camel(parameter.Name!)))
            .SetName($"{contract.Name}: {parameter.Name} {broken.Description} is invalid");

    [TestCaseSource(nameof(Contracts))]
    public void A_complete_message_is_valid(Type contract)
    {
        var message = Build(contract, overrides: null);

        MessageValidator.Check(message).Should().BeNull();
    }

    [TestCaseSource(nameof(BrokenFields))]
    public void A_broken_field_is_named(Type contract, string parameter, object? value, string field)
    {
        var message = Build(contract, new Dictionary<string, object?> { [parameter] = value });

        var failure = MessageValidator.Check(message);

        failure.Should().NotBeNull();
        failure!.Field.Should().Be(field);
        var validate = () => MessageValidator.Validate(message);
        validate.Should().Throw<InvalidMessageException>().Which.Field.Should().Be(field);
    }

    [Test]
    public void A_charge_whose_json_has_no_customer_id_is_invalid_for_customer_id()
    {
        const string json = """
            {"eventId":"3f1e8a52-7f1b-4a55-9c3d-5b2f8f1d2a10","occurredAt":"2026-11-28T10:00:00Z",
             "orderId":"0c6b0f2e-4e55-4a2c-8f77-1a2b3c4d5e6f","tenantId":"acme","amountUsd":12.5}
            """;
        var charge = JsonSerializer.Deserialize<ChargePayment>(json, Wire)!;

        var validate = () => MessageValidator.Validate(charge);

        validate.Should().Throw<InvalidMessageException>().Which.Field.Should().Be("customerId");
    }

    [Test]
    public void A_reservation_with_a_negative_quantity_is_invalid_for_that_line()
    {
        var reserve = new ReserveInventory(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), "acme",
            [new OrderLine("apple", 2, 1m), new OrderLine("pear", -3, 1m)]);

        var validate = () => MessageValidator.Validate(reserve);

        validate.Should().Throw<InvalidMessageException>()
            .Which.Should()
            .Match<InvalidMessageException>(e => e.Field == "lines[1].quantity" && e.Message.Contains("between 1 and"));
    }

    [Test]
    public void A_reservation_without_lines_is_invalid()
    {
        var reserve = new ReserveInventory(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), "acme", []);

        MessageValidator.Check(reserve)!.Field.Should().Be("lines");
    }

    [Test]
    public void A_zero_amount_is_valid_but_a_negative_one_is_not()
    {
        MessageValidator.Check(new ChargePayment(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), "acme", "alice",
            0m)).Should().BeNull();
        MessageValidator.Check(
            new ChargePayment(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), "acme", "alice", -0.01m))!
            .Field.Should().Be("amountUsd");
    }

    private static ConstructorInfo Constructor(Type contract) =>
        contract.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();

    private static object Build(Type contract, Dictionary<string, object?>? overrides)
    {
        var arguments = Constructor(contract).GetParameters()
            .Select(p => overrides is not null
                && overrides.TryGetValue(p.Name!, out var value) ? value : Sample(p.ParameterType))
            .ToArray();
        return Constructor(contract).Invoke(arguments);
    }

    private static object Sample(Type type) => type switch
    {
        _ when type == typeof(Guid) => Guid.NewGuid(),
        _ when type == typeof(DateTimeOffset) => DateTimeOffset.UtcNow,
        _ when type == typeof(string) => "sample",
        _ when type == typeof(decimal) => 12.5m,
        _ when type == typeof(int) => 1,
        _ when type == typeof(bool) => true,
        _ when type == typeof(IReadOnlyList<OrderLine>) => new List<OrderLine> { new("apple", 2, 1.5m) },
        _ => throw new NotSupportedException($"No sample value for {type}; add one."),
    };

    private static IEnumerable<(object? Value, string Description, Func<string, string> Field)> Breakages(Type type)
    {
        if (type == typeof(Guid))
        {
            yield return (Guid.Empty, "empty", f => f);
        }
        else if (type == typeof(DateTimeOffset))
        {
            yield return (default(DateTimeOffset), "unset", f => f);
        }
        else if (type == typeof(string))
        {
            yield return (null, "missing", f => f);
            yield return ("", "empty", f => f);
            yield return ("  ", "blank", f => f);
        }
        else if (type == typeof(decimal))
        {
            yield return (-1m, "negative", f => f);
        }
        else if (type == typeof(IReadOnlyList<OrderLine>))
        {
            yield return (null, "missing", f => f);
            yield return (new List<OrderLine>(), "empty", f => f);
            yield return (new List<OrderLine> { new("apple", 1, 1m), new("pear", 0, 1m) }, "with a zero quantity",
                f => $"{f}[1].quantity");
            yield return (new List<OrderLine> { new("apple", -5, 1m) }, "with a negative quantity",
                f => $"{f}[0].quantity");
            yield return (new List<OrderLine> { new("", 1, 1m) }, "with an empty product", f => $"{f}[0].productId");
            yield return (new List<OrderLine> { new("apple", 1, -1m) }, "with a negative price",
                f => $"{f}[0].unitPriceUsd");
            yield return (new List<OrderLine?> { null }, "with a null line", f => $"{f}[0]");
        }
        else if (type == typeof(int))
        {
            yield return (-1, "negative", f => f);
        }
    }

    private static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}
