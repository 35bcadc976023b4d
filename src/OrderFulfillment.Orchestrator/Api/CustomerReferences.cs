using System.Buffers;
using System.Text;

namespace OrderFulfillment.Orchestrator.Api;

/// <summary>The rule for an order's optional customer reference (a purchase-order number, say).</summary>
internal static class CustomerReferences
{
    /// <summary>In Unicode characters (code points), as PostgreSQL counts its <c>varchar(64)</c> column.</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// The reference as stored: trimmed, and null when none or only white space was given; or why it is refused
    /// (longer than 64 characters, a control character, or text that is not valid UTF-16).
    /// </summary>
    public static (string? Reference, string? Error) Read(string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return (null, null);
        }

        var length = 0;
        var rest = trimmed.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != OperationStatus.Done)
            {
                return (null, "Not valid Unicode text.");
            }

            if (Rune.IsControl(rune))
            {
                return (null, "Control characters (line breaks, tabs, ...) are not allowed.");
            }

            length++;
            rest = rest[used..];
        }

        return length > MaxLength ? (null, $"At most {MaxLength} characters.") : (trimmed, null);
    }
}
