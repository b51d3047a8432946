using System.Text.Json;

namespace PipesLake.Blueprint.Filtering;

/// <summary>
/// <c>{"numeric": ["&gt;", 0, "&lt;=", 5]}</c>, as aws/event-ruler compiles it (<c>JsonRuleCompiler.processNumericMatchExpression</c>,
/// <c>Range.between</c>): one comparison, or a lower bound (<c>&gt;</c>, <c>&gt;=</c>) then an upper (<c>&lt;</c>,
/// <c>&lt;=</c>) strictly above it; <c>=</c> stands alone; every bound a comparable number. Only comparable numbers fall
/// in a range (<see cref="ComparableNumber"/>).
/// </summary>
internal static class NumericRule
{
    private static readonly string[] s_operators = ["<", "<=", "=", ">", ">="];

    /// <summary>What is wrong with a numeric rule's argument, or null.</summary>
    public static string? Problem(JsonElement comparisons)
    {
        JsonElement[] items = comparisons.ValueKind == JsonValueKind.Array ? [.. comparisons.EnumerateArray()] : [];
        if (items.Length is not (2 or 4)
            || !items.Where((_, i) => i % 2 == 0).All(o => o.ValueKind == JsonValueKind.String && s_operators.Contains(o.GetString()))
            || !items.Where((_, i) => i % 2 == 1).All(n => n.ValueKind == JsonValueKind.Number))
        {
            return "it takes [operator, number] or [\">\" or \">=\", number, \"<\" or \"<=\", number]";
        }

        if (items.Length == 4 && (items[0].GetString() is not (">" or ">=") || items[2].GetString() is not ("<" or "<=")))
        {
            return "a range is a lower bound (\">\" or \">=\") then an upper one (\"<\" or \"<=\"), and \"=\" stands alone";
        }

        double[] bounds = new double[items.Length / 2];
        for (int i = 1; i < items.Length; i += 2)
        {
            if (!ComparableNumber.TryGet(items[i], out bounds[i / 2]))
            {
                return $"{items[i].GetRawText()} is no double exactly, so no value can be compared with it";
            }
        }

        return bounds.Length == 2 && bounds[0] >= bounds[1] ? "its lower bound must lie below its upper bound" : null;
    }

    public static bool Matches(JsonElement comparisons, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number || !ComparableNumber.TryGet(value, out double actual))
        {
            return false;
        }

        JsonElement[] items = [.. comparisons.EnumerateArray()];
        for (int i = 0; i < items.Length; i += 2)
        {
            ComparableNumber.TryGet(items[i + 1], out double bound);
            bool holds = items[i].GetString() switch
            {
                "<" => actual < bound,
                "<=" => actual <= bound,
                "=" => actual == bound,
                ">" => actual > bound,
                _ => actual >= bound,
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }
}
