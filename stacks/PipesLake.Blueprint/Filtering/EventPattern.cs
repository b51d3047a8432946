using System.Text.Json;

namespace PipesLake.Blueprint.Filtering;

/// <summary>
/// An EventBridge event pattern, as Pipes applies it to a source record, with the semantics of aws/event-ruler
/// (<see cref="FlatRecord"/>): every field of the pattern must match one of its rules on a leaf value at its path, and
/// the leaves a match uses lie in one element of any array they share. Fields are matched in the order of their paths,
/// as the ruler's machine steps through them (<c>GenericMachine.addPatternRule</c> sorts the keys): <c>exists: true</c>
/// takes a leaf like any rule, and <c>exists: false</c> holds when no leaf at its path lies in the elements the fields
/// before it chose (<c>NameState.getNameTransitions</c>). Rules: exact values, <c>exact</c>, <c>exists</c>,
/// <c>prefix</c>, <c>suffix</c>, <c>equals-ignore-case</c>, <c>wildcard</c>, <c>numeric</c> and <c>anything-but</c>
/// (of values, or of a prefix, suffix, equals-ignore-case or wildcard); any other operator, <c>cidr</c> and
/// <c>$or</c> included, is refused by name rather than guessed at. A pattern the ruler refuses
/// (<c>JsonRuleCompiler</c>) is refused here with one line.
/// </summary>
public sealed class EventPattern
{
    private readonly (string Path, JsonElement[] Rules)[] _fields;
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);

    private EventPattern(JsonElement pattern)
    {
        var fields = new List<(string Path, JsonElement[] Rules)>();
        Collect(pattern, string.Empty, fields);
        if (fields.GroupBy(f => f.Path, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            // A key repeated, or one path written both nested and dotted: the ruler joins keys with dots.
            throw new FilterPatternException($"Filter field '{twice.Key}' is given more than once; the ruler allows each path once.");
        }

        _fields = [.. fields.OrderBy(f => f.Path, StringComparer.Ordinal)];
        foreach ((string path, _) in _fields)
        {
            // A path and every prefix of it: what flattening a record needs to visit.
            for (int end = path.IndexOf(FlatRecord.Separator, StringComparison.Ordinal); end >= 0; end = path.IndexOf(FlatRecord.Separator, end + 1))
            {
                _paths.Add(path[..end]);
            }

            _paths.Add(path);
        }

        Fields = [.. _paths.Where(p => !p.Contains(FlatRecord.Separator, StringComparison.Ordinal)).Order(StringComparer.Ordinal), .. _paths.Where(p => p.Contains(FlatRecord.Separator, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
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

    /// <summary>
    /// The top-level keys of a record the pattern can look at, it decides on them alone: the first segment of each
    /// path, then every longer dotted prefix, since a record's key may hold dots (<c>{"a.b": …}</c> is the path a.b).
    /// </summary>
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
            if (PatternRules.Exists(rule) == false)
            {
                // Absent in the elements chosen so far: a leaf elsewhere in an array does not count.
                if (!leaves.Any(leaf => chosen.TrueForAll(leaf.ConsistentWith)) && Match(record, field + 1, chosen))
                {
                    return true;
                }

                continue;
            }

            foreach (FlatRecord.Leaf leaf in leaves)
            {
                if ((PatternRules.Exists(rule) == true || PatternRules.Matches(rule, leaf.Value)) && chosen.TrueForAll(leaf.ConsistentWith))
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

    private static void Collect(JsonElement pattern, string path, List<(string Path, JsonElement[] Rules)> fields)
    {
        if (!pattern.EnumerateObject().Any())
        {
            throw new FilterPatternException(path.Length == 0 ? "A filter pattern may not be empty: {} is refused." : $"Filter field '{path}' is an empty object; empty objects are not allowed.");
        }

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
                    if (rules.Length == 0)
                    {
                        throw new FilterPatternException($"Filter field '{child}' is an empty list; it needs at least one value or rule.");
                    }

                    foreach (JsonElement rule in rules)
                    {
                        PatternRules.Check(child, rule);
                    }

                    fields.Add((child, rules));
                    break;
                default:
                    throw new FilterPatternException($"Filter field '{child}' must hold an array of values or a nested object.");
            }
        }
    }
}
