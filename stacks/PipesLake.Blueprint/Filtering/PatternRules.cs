using System.Text.Json;

namespace PipesLake.Blueprint.Filtering;

/// <summary>
/// One entry of a pattern's value array: a literal or a one-operator object, as aws/event-ruler's README defines them.
/// String operators (prefix, suffix, equals-ignore-case, wildcard) match string values only; numeric matches numbers
/// only; anything-but matches every value its argument does not name, strings or not.
/// </summary>
internal static class PatternRules
{
    private const string Supported = "exact values, exact, exists, prefix, suffix, equals-ignore-case, wildcard, numeric and anything-but (of values, a prefix, a suffix, equals-ignore-case or a wildcard)";

    /// <summary>The rule's <c>exists</c> argument, or null for any other rule.</summary>
    public static bool? Exists(JsonElement rule) =>
        rule.ValueKind == JsonValueKind.Object && rule.TryGetProperty("exists", out JsonElement exists) ? exists.GetBoolean() : null;

    /// <exception cref="FilterPatternException">A malformed rule or an operator the replay does not implement, named.</exception>
    public static void Check(string field, JsonElement rule)
    {
        if (rule.ValueKind is JsonValueKind.Array or JsonValueKind.Undefined)
        {
            throw new FilterPatternException($"Filter field '{field}' has a value that is an array; a rule is a value or an object of one operator.");
        }

        if (rule.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        JsonProperty[] operators = [.. rule.EnumerateObject()];
        string name = string.Join("+", operators.Select(o => o.Name));
        if (operators.Length != 1)
        {
            throw new FilterPatternException($"Filter field '{field}' has a rule of {(operators.Length == 0 ? "no operator" : $"several operators ({name})")}; a rule holds one.");
        }

        JsonElement argument = operators[0].Value;
        string? problem = name switch
        {
            "exists" => argument.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "it takes true or false",
            "prefix" or "suffix" => argument.ValueKind == JsonValueKind.String || IgnoreCaseArgument(argument) ? null : "it takes a string or {\"equals-ignore-case\": string}",
            "equals-ignore-case" or "exact" => argument.ValueKind == JsonValueKind.String ? null : "it takes a string",
            "wildcard" => argument.ValueKind == JsonValueKind.String ? Wildcard.Problem(argument.GetString()!) : "it takes a string",
            "numeric" => NumericRule.Problem(argument),
            "anything-but" => AnythingBut.Problem(argument),
            _ => throw new FilterPatternException($"Filter field '{field}' uses operator '{name}', which the replay does not implement; it supports {Supported}."),
        };
        if (problem is not null)
        {
            throw new FilterPatternException($"Filter field '{field}' has a malformed '{name}' rule: {problem}.");
        }
    }

    /// <summary>Whether a leaf value satisfies a rule other than <c>exists</c>.</summary>
    public static bool Matches(JsonElement rule, JsonElement value)
    {
        if (rule.ValueKind != JsonValueKind.Object)
        {
            return SameLiteral(rule, value);
        }

        JsonProperty op = rule.EnumerateObject().First();
        string? text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return op.Name switch
        {
            "prefix" or "suffix" or "equals-ignore-case" or "wildcard" => text is not null && StringMatches(op.Name, op.Value, text),
            "exact" => text is not null && op.Value.ValueEquals(text),
            "numeric" => NumericRule.Matches(op.Value, value),
            _ => !AnythingBut.Names(op.Value, value),
        };
    }

    /// <summary>
    /// A string operator on a string value: prefix, suffix (of a string, or of <c>{"equals-ignore-case": …}</c>),
    /// equals-ignore-case, wildcard. Anything-but asks the same of its argument.
    /// </summary>
    public static bool StringMatches(string op, JsonElement argument, string text)
    {
        (string pattern, StringComparison comparison) = argument.ValueKind == JsonValueKind.String
            ? (argument.GetString()!, StringComparison.Ordinal)
            : (argument.GetProperty("equals-ignore-case").GetString()!, StringComparison.OrdinalIgnoreCase);
        return op switch
        {
            "prefix" => text.StartsWith(pattern, comparison),
            "suffix" => text.EndsWith(pattern, comparison),
            "equals-ignore-case" => string.Equals(text, pattern, StringComparison.OrdinalIgnoreCase),
            _ => Wildcard.Matches(pattern, text),
        };
    }

    /// <summary>A literal of the pattern against a value: strings as strings, numbers as <see cref="ComparableNumber"/> says (5 is 5.0), true, false, null.</summary>
    public static bool SameLiteral(JsonElement rule, JsonElement value) => (rule.ValueKind, value.ValueKind) switch
    {
        (JsonValueKind.String, JsonValueKind.String) => rule.ValueEquals(value.GetString()),
        (JsonValueKind.Number, JsonValueKind.Number) => ComparableNumber.Same(rule, value),
        (JsonValueKind.True, JsonValueKind.True) or (JsonValueKind.False, JsonValueKind.False) or (JsonValueKind.Null, JsonValueKind.Null) => true,
        _ => false,
    };

    /// <summary><c>{"equals-ignore-case": "…"}</c> as the argument of prefix or suffix.</summary>
    public static bool IgnoreCaseArgument(JsonElement argument) =>
        argument.ValueKind == JsonValueKind.Object && argument.EnumerateObject().Count() == 1
        && argument.TryGetProperty("equals-ignore-case", out JsonElement inner) && inner.ValueKind == JsonValueKind.String;
}
