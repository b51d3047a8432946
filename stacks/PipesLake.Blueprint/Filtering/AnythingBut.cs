using System.Text.Json;

namespace PipesLake.Blueprint.Filtering;

/// <summary>
/// <c>anything-but</c>: a value, a list of values (all strings or all numbers), or one of prefix, suffix,
/// equals-ignore-case and wildcard with a string or a list of strings (aws/event-ruler README, "Anything-but
/// matching"; <c>JsonRuleCompiler.processAnythingBut*</c>: numbers must be comparable, a prefix or suffix may not be
/// empty, an operator's list may be). It matches every value its argument does not name; a value that is not a string
/// is named by no string operator, so it matches those.
/// </summary>
internal static class AnythingBut
{
    private static readonly string[] s_stringOperators = ["prefix", "suffix", "equals-ignore-case", "wildcard"];

    /// <summary>What is wrong with an anything-but argument, or null.</summary>
    public static string? Problem(JsonElement argument)
    {
        switch (argument.ValueKind)
        {
            case JsonValueKind.String:
                return null;
            case JsonValueKind.Number:
                return NotComparable([argument]);
            case JsonValueKind.Array:
                JsonElement[] items = [.. argument.EnumerateArray()];
                bool strings = items.All(i => i.ValueKind == JsonValueKind.String), numbers = items.All(i => i.ValueKind == JsonValueKind.Number);
                return items.Length == 0 || !(strings || numbers) ? "its list holds strings only or numbers only, at least one" : NotComparable(items);
            case JsonValueKind.Object:
                JsonProperty[] operators = [.. argument.EnumerateObject()];
                if (operators.Length != 1 || !s_stringOperators.Contains(operators[0].Name))
                {
                    return "its object holds one of prefix, suffix, equals-ignore-case or wildcard";
                }

                (string name, JsonElement value) = (operators[0].Name, operators[0].Value);
                JsonElement[] patterns = value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : [value];
                if (!patterns.All(s => s.ValueKind == JsonValueKind.String))
                {
                    return $"its {name} takes a string or a list of strings";
                }

                if (name is "prefix" or "suffix" && patterns.Any(s => s.GetString()!.Length == 0))
                {
                    return $"an empty {name} is not allowed";
                }

                return name == "wildcard" ? patterns.Select(s => Wildcard.Problem(s.GetString()!)).FirstOrDefault(p => p is not null) : null;
            default:
                return "it takes a string, a number, a list of them, or an object of one string operator";
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

    private static string? NotComparable(JsonElement[] items) =>
        items.FirstOrDefault(i => i.ValueKind == JsonValueKind.Number && !ComparableNumber.TryGet(i, out _)) is { ValueKind: JsonValueKind.Number } number
            ? $"{number.GetRawText()} is no double exactly, so no value can be compared with it"
            : null;
}
