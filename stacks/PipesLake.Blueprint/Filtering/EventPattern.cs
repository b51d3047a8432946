using System.Text.Json;

namespace PipesLake.Blueprint.Filtering;

/// <summary>
/// An EventBridge event pattern, as Pipes applies it to a source record, with the semantics of aws/event-ruler
/// (<see cref="FlatRecord"/>): every field of the pattern must match one of its rules on a leaf value at its path, and
/// the leaves a match uses lie in one element of any array they share. Rules: exact values, <c>exists</c>,
/// <c>prefix</c>, <c>suffix</c>, <c>equals-ignore-case</c>, <c>wildcard</c>, <c>numeric</c> and <c>anything-but</c>
/// (of values, or of a prefix, suffix, equals-ignore-case or wildcard); any other operator, <c>cidr</c> and
/// <c>$or</c> included, is refused by name rather than guessed at.
/// </summary>
public sealed class EventPattern
{
    private readonly (string Path, JsonElement[] Rules)[] _fields;
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);

    private EventPattern(JsonElement pattern)
    {
        var fields = new List<(string, JsonElement[])>();
        Collect(pattern, string.Empty, fields);
        _fields = [.. fields];
        foreach ((string path, _) in _fields)
        {
            // A path and every prefix of it: what flattening a record needs to visit.
            for (int end = path.IndexOf(FlatRecord.Separator, StringComparison.Ordinal); end >= 0; end = path.IndexOf(FlatRecord.Separator, end + 1))
            {
                _paths.Add(path[..end]);
            }

            _paths.Add(path);
        }

        Fields = [.. pattern.EnumerateObject().Select(property => property.Name).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Parses and checks a pattern.</summary>
    /// <exception cref="FilterPatternException">Not JSON, not an object, a malformed rule or an operator the replay does not implement.</exception>
    public static EventPattern Parse(string pattern)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(pattern).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new FilterPatternException($"The filter pattern is not JSON: {e.Message}", e);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FilterPatternException("A filter pattern is a JSON object.");
        }

        return new EventPattern(root);
    }

    /// <summary>The top-level fields of a record the pattern looks at: it decides on them alone.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>True when every field of the pattern matches, on leaves that may stand together.</summary>
    public bool Matches(JsonElement record) => Match(new FlatRecord(record, _paths), 0, []);

    private bool Match(FlatRecord record, int field, List<FlatRecord.Leaf> chosen)
    {
        if (field == _fields.Length)
        {
            return true;
        }

        (string path, JsonElement[] rules) = _fields[field];
        IReadOnlyList<FlatRecord.Leaf> leaves = record.At(path);
        foreach (JsonElement rule in rules)
        {
            if (PatternRules.Exists(rule) is { } exists)
            {
                // Exists asks about leaves only: an object or an empty array there is no leaf (README, "Exists matching").
                if (exists == (leaves.Count > 0) && Match(record, field + 1, chosen))
                {
                    return true;
                }

                continue;
            }

            foreach (FlatRecord.Leaf leaf in leaves)
            {
                if (PatternRules.Matches(rule, leaf.Value) && chosen.TrueForAll(leaf.ConsistentWith))
                {
                    chosen.Add(leaf);
                    bool rest = Match(record, field + 1, chosen);
                    chosen.RemoveAt(chosen.Count - 1);
                    if (rest)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static void Collect(JsonElement pattern, string path, List<(string, JsonElement[])> fields)
    {
        foreach (JsonProperty field in pattern.EnumerateObject())
        {
            if (field.Name == "$or")
            {
                throw new FilterPatternException("The filter uses '$or', which the replay does not implement; write one pattern per alternative (the pipe's filter criteria take several).");
            }

            string child = path.Length == 0 ? field.Name : path + FlatRecord.Separator + field.Name;
            switch (field.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    Collect(field.Value, child, fields);
                    break;
                case JsonValueKind.Array:
                    JsonElement[] rules = [.. field.Value.EnumerateArray()];
                    foreach (JsonElement rule in rules)
                    {
                        PatternRules.Check(field.Name, rule);
                    }

                    fields.Add((child, rules));
                    break;
                default:
                    throw new FilterPatternException($"Filter field '{field.Name}' must hold an array of values or a nested object.");
            }
        }
    }
}
