using System.Text.Json;

namespace PipesLake.Replay.Pipes;

/// <summary>
/// An EventBridge event pattern, as Pipes applies it to a source record. Supports what PipesLake's
/// filters use — exact values, <c>exists</c>, <c>anything-but</c>, <c>prefix</c> and <c>numeric</c> —
/// and refuses any other operator rather than guess its meaning.
/// </summary>
internal sealed class EventPattern
{
    private readonly JsonElement _pattern;

    private EventPattern(JsonElement pattern) => _pattern = pattern;

    /// <summary>Parses and checks a pattern.</summary>
    /// <exception cref="ReplayException">Not JSON, not an object, or an unsupported operator.</exception>
    public static EventPattern Parse(string pattern)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(pattern).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ReplayException($"The filter pattern is not JSON: {e.Message}", e);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ReplayException("A filter pattern is a JSON object.");
        }

        Check(root);
        return new EventPattern(root);
    }

    /// <summary>The top-level fields of a record the pattern looks at: it decides on them alone.</summary>
    public IEnumerable<string> Fields => _pattern.EnumerateObject().Select(property => property.Name);

    /// <summary>True when the record matches every field of the pattern.</summary>
    public bool Matches(JsonElement record) => MatchesObject(_pattern, record);

    private static bool MatchesObject(JsonElement pattern, JsonElement value)
    {
        foreach (JsonProperty field in pattern.EnumerateObject())
        {
            JsonElement fieldValue = default;
            bool present = value.ValueKind == JsonValueKind.Object && value.TryGetProperty(field.Name, out fieldValue);
            if (field.Value.ValueKind == JsonValueKind.Object)
            {
                // An absent parent makes every nested field absent, which {"exists": false} accepts.
                if (!MatchesObject(field.Value, present ? fieldValue : default))
                {
                    return false;
                }
            }
            else if (!AnyRuleMatches(field.Value, present ? fieldValue : default, present))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AnyRuleMatches(JsonElement rules, JsonElement value, bool present)
    {
        foreach (JsonElement rule in rules.EnumerateArray())
        {
            if (PatternRules.Matches(rule, value, present))
            {
                return true;
            }
        }

        return false;
    }

    private static void Check(JsonElement pattern)
    {
        foreach (JsonProperty field in pattern.EnumerateObject())
        {
            switch (field.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    Check(field.Value);
                    break;
                case JsonValueKind.Array:
                    foreach (JsonElement rule in field.Value.EnumerateArray())
                    {
                        PatternRules.Check(field.Name, rule);
                    }

                    break;
                default:
                    throw new ReplayException($"Filter field '{field.Name}' must hold an array of values or a nested object.");
            }
        }
    }
}
