using System.Globalization;
using System.Text.Json;

namespace PipesLake.Blueprint.Filtering;

/// <summary>
/// Numbers as aws/event-ruler compares them (<c>ComparableNumber.generate</c>): a JSON number is comparable when its
/// decimal value is exactly that of the nearest double written at its shortest (Java's <c>BigDecimal.valueOf</c>), so
/// <c>5</c>, <c>5.0</c> and <c>0.1</c> are, and <c>12345678901234567890</c> or <c>0.10000000000000000555</c> are not;
/// infinities are not. Comparable numbers compare by value (zero has no sign: BigDecimal has none); the rest only as
/// text, the same text (<c>JsonRuleCompiler</c> adds a literal number both as a numeric and as an exact-text pattern;
/// <c>ByteMachine.transitionOn</c> matches a value that is not comparable by its text alone), and never by range.
/// </summary>
internal static class ComparableNumber
{
    /// <summary>The value of a comparable JSON number.</summary>
    public static bool TryGet(JsonElement number, out double value)
    {
        string text = number.GetRawText();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            return false;
        }

        if (value == 0)
        {
            value = 0;
        }

        return SameDecimal(text, value.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>Whether two JSON numbers are one number to the filter.</summary>
    public static bool Same(JsonElement pattern, JsonElement value) =>
        TryGet(value, out double actual)
            ? TryGet(pattern, out double expected) && expected == actual
            : string.Equals(pattern.GetRawText(), value.GetRawText(), StringComparison.Ordinal);

    /// <summary>Whether two decimal numerals (JSON's grammar, or .NET's "R" form) denote one value exactly.</summary>
    private static bool SameDecimal(string a, string b) => Normalize(a) is { } left && left == Normalize(b);

    /// <summary>
    /// Sign, significant digits and the exponent of the last of them: "-1.50e2" is (true, "15", 1); null for a
    /// numeral whose exponent no double's could be.
    /// </summary>
    private static (bool Negative, string Digits, long Exponent)? Normalize(string numeral)
    {
        int e = numeral.IndexOfAny(['e', 'E']);
        string mantissa = e < 0 ? numeral : numeral[..e];
        bool negative = mantissa.StartsWith('-');
        mantissa = mantissa.TrimStart('-', '+');
        int point = mantissa.IndexOf('.', StringComparison.Ordinal);
        long exponent = point < 0 ? 0 : -(mantissa.Length - point - 1);
        string digits = (point < 0 ? mantissa : mantissa.Remove(point, 1)).TrimStart('0');
        string significant = digits.TrimEnd('0');
        if (significant.Length == 0)
        {
            return (false, string.Empty, 0);
        }

        if (e >= 0)
        {
            if (!int.TryParse(numeral.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int written))
            {
                return null;
            }

            exponent += written;
        }

        return (negative, significant, exponent + (digits.Length - significant.Length));
    }
}
