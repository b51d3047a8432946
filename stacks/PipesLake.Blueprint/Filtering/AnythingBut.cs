using System.Text.Json;

namespace PipesLake.Blueprint.Filtering;

/// <summary>
/// <c>anything-but</c>: a value, a list of values (all strings or all numbers), or one of prefix, suffix,
/// equals-ignore-case and wildcard with a string or a list of strings (aws/event-ruler README, "Anything-but
/// matching"). It matches every value its argument does not name; a value that is not a string is named by no
/// string operator, so it matches those.
/// </summary>
internal static class AnythingBut
{
    private static readonly string[] s_stringOperators = ["prefix", "suffix", "equals-ignore-case", "wildcard"];

    public static bool IsWellFormed(JsonElement argument)
    {
        switch (argument.ValueKind)
        {
            case JsonValueKind.String or JsonValueKind.Number:
                return true;
            case JsonValueKind.Array:
                JsonElement[] items = [.. argument.EnumerateArray()];
                return items.Length > 0 && (items.All(i => i.ValueKind == JsonValueKind.String) || items.All(i => i.ValueKind == JsonValueKind.Number));
            case JsonValueKind.Object:
                JsonProperty[] operators = [.. argument.EnumerateObject()];
                if (operators.Length != 1 || !s_stringOperators.Contains(operators[0].Name))
                {
                    return false;
                }

                JsonElement[] strings = operators[0].Value.ValueKind == JsonValueKind.Array ? [.. operators[0].Value.EnumerateArray()] : [operators[0].Value];
                return strings.Length > 0 && strings.All(s => s.ValueKind == JsonValueKind.String
                    && (operators[0].Name != "wildcard" || Wildcard.Problem(s.GetString()!) is null));
            default:
                return false;
        }
    }

    /// <summary>Whether the argument names the value, so that anything-but refuses it.</summary>
    public static bool Names(JsonElement argument, JsonElement value)
    {
        switch (argument.ValueKind)
        {
            case JsonValueKind.Array:
                return argument.EnumerateArray().Any(item => PatternRules.SameLiteral(item, value));
            case JsonValueKind.Object:
                if (value.ValueKind != JsonValueKind.String)
                {
                    return false;
                }

                string text = value.GetString()!;
                JsonProperty op = argument.EnumerateObject().First();
                JsonElement[] patterns = op.Value.ValueKind == JsonValueKind.Array ? [.. op.Value.EnumerateArray()] : [op.Value];
                return patterns.Any(pattern => PatternRules.StringMatches(op.Name, pattern, text));
            default:
                return PatternRules.SameLiteral(argument, value);
        }
    }
}
