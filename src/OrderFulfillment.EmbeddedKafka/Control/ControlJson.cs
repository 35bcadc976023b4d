using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrderFulfillment.EmbeddedKafka.Control;

internal static class ControlJson
{
    /// <summary>
    /// Enums travel by name (<c>"Produce"</c>, <c>"NotCoordinatorForGroup"</c>) so humans can use curl.
    /// </summary>
    internal static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
