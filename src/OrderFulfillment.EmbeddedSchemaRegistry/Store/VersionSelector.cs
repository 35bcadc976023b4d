using System.Globalization;

namespace OrderFulfillment.EmbeddedSchemaRegistry.Store;

/// <summary>A version in a path: a number from 1, or <c>latest</c> (also spelt <c>-1</c>).</summary>
internal readonly record struct VersionSelector(int? Number)
{
    public bool IsLatest => Number is null;

    public static VersionSelector Parse(string text)
    {
        if (string.Equals(text, "latest", StringComparison.OrdinalIgnoreCase) || text == "-1")
        {
            return new VersionSelector(null);
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1)
        {
            return new VersionSelector(number);
        }

        throw RegistryException.InvalidVersion(text);
    }
}
