using System.Text.Json;

namespace PipesLake.Replay.Pipes;

/// <summary>One entry of a pattern's value array: a literal or a one-operator object.</summary>
internal static class PatternRules
{
    private static readonly string[] s_supported = ["exists", "anything-but", "prefix", "numeric"];

    public static void Check(string field, JsonElement rule)
    {
        if (rule.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        JsonProperty[] operators = rule.EnumerateObject().ToArray();
        if (operators.Length != 1 || !s_supported.Contains(operators[0].Name))
        {
            string name = operators.Length == 1 ? operators[0].Name : string.Join("+", operators.Select(o => o.Name));
            throw new ReplayException(
                $"Filter field '{field}' uses operator '{name}', which the replay does not implement; it supports exact values, exists, anything-but, prefix and numeric.");
        }

        if (operators[0].Name == "numeric")
        {
            NumericRule.Check(field, operators[0].Value);
        }
    }

    /// <summary>Whether a (possibly absent) event value satisfies the rule. Arrays in the event match when any element does.</summary>
    public static bool Matches(JsonElement rule, JsonElement value, bool present)
    {
        if (rule.ValueKind == JsonValueKind.Object)
        {
            JsonProperty op = rule.EnumerateObject().First();
            if (op.Name == "exists")
            {
                return present == op.Value.GetBoolean();
            }

            if (!present)
            {
                return false;
            }

            return op.Name switch
            {
                "anything-but" => AnyElement(value, v => !AnythingButHits(op.Value, v)),
                "prefix" => AnyElement(value, v => v.ValueKind == JsonValueKind.String && v.GetString()!.StartsWith(op.Value.GetString()!, StringComparison.Ordinal)),
                _ => AnyElement(value, v => NumericRule.Matches(op.Value, v)),
            };
        }

        return present && AnyElement(value, v => SameLiteral(rule, v));
    }

    private static bool AnythingButHits(JsonElement excluded, JsonElement value) =>
        excluded.ValueKind == JsonValueKind.Array ? excluded.EnumerateArray().Any(e => SameLiteral(e, value)) : SameLiteral(excluded, value);

    private static bool AnyElement(JsonElement value, Func<JsonElement, bool> test) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Any(test) : test(value);

    private static bool SameLiteral(JsonElement rule, JsonElement value) => (rule.ValueKind, value.ValueKind) switch
    {
        (JsonValueKind.String, JsonValueKind.String) => rule.ValueEquals(value.GetString()),
        (JsonValueKind.Number, JsonValueKind.Number) => rule.GetDouble() == value.GetDouble(),
        (JsonValueKind.True, JsonValueKind.True) or (JsonValueKind.False, JsonValueKind.False) or (JsonValueKind.Null, JsonValueKind.Null) => true,
        _ => false,
    };
}
