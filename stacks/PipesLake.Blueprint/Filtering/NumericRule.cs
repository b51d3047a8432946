using System.Text.Json;

namespace PipesLake.Blueprint.Filtering;

/// <summary><c>{"numeric": ["&gt;", 0, "&lt;=", 5]}</c>: every comparison must hold.</summary>
internal static class NumericRule
{
    private static readonly string[] s_operators = ["<", "<=", "=", ">", ">="];

    /// <summary>[op, number] or [op, number, op, number].</summary>
    public static bool IsWellFormed(JsonElement comparisons)
    {
        JsonElement[] items = comparisons.ValueKind == JsonValueKind.Array ? comparisons.EnumerateArray().ToArray() : [];
        return items.Length is 2 or 4
            && items.Where((_, i) => i % 2 == 0).All(o => o.ValueKind == JsonValueKind.String && s_operators.Contains(o.GetString()))
            && items.Where((_, i) => i % 2 == 1).All(n => n.ValueKind == JsonValueKind.Number);
    }

    public static bool Matches(JsonElement comparisons, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        double actual = value.GetDouble();
        JsonElement[] items = comparisons.EnumerateArray().ToArray();
        for (int i = 0; i < items.Length; i += 2)
        {
            double bound = items[i + 1].GetDouble();
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
