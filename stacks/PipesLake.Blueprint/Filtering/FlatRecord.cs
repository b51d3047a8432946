using System.Text.Json;

namespace PipesLake.Blueprint.Filtering;

/// <summary>
/// A record as event-ruler sees it (aws/event-ruler, README "JSON Array Matching"; the engine behind EventBridge and
/// Pipes filtering): its leaf values by path, the array structure "crushed out" (an array's elements, nested arrays too,
/// are values of the array's own path; objects in an array give their fields), every value of a repeated key kept.
/// Each leaf remembers which element of which array it lies in, so that a match can be refused when two of its
/// fields lie in different elements of one array ("rulesForJSONEvent() will refuse to recognize any match in which any
/// two fields are within JSON objects that are in different elements of the same array").
/// </summary>
internal sealed class FlatRecord
{
    private readonly Dictionary<string, List<Leaf>> _leaves = new(StringComparer.Ordinal);
    private int _arrays;

    /// <summary>Flattens the paths of <paramref name="record"/> that <paramref name="wanted"/> (a path and its prefixes) names.</summary>
    public FlatRecord(JsonElement record, IReadOnlySet<string> wanted) => Visit(record, string.Empty, [], wanted);

    /// <summary>The leaf values at a path (segments joined by <see cref="Separator"/>); none when the path ends at an object or an empty array.</summary>
    public IReadOnlyList<Leaf> At(string path) => _leaves.TryGetValue(path, out List<Leaf>? leaves) ? leaves : [];

    /// <summary>
    /// Joins path segments, as the ruler does (<c>Path</c>; README, "Compiled rules and JSON keys with dots"): so a key
    /// with a dot and the nested keys it spells are one path, in a pattern and in a record alike.
    /// </summary>
    public const char Separator = '.';

    private void Visit(JsonElement value, string path, (int Array, int Index)[] membership, IReadOnlySet<string> wanted)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in value.EnumerateObject())
                {
                    // EnumerateObject yields a repeated key as often as it occurs: each of its values counts.
                    string child = path.Length == 0 ? property.Name : path + Separator + property.Name;
                    if (wanted.Contains(child))
                    {
                        Visit(property.Value, child, membership, wanted);
                    }
                }

                break;
            case JsonValueKind.Array:
                int array = _arrays++;
                int index = 0;
                foreach (JsonElement element in value.EnumerateArray())
                {
                    Visit(element, path, [.. membership, (array, index++)], wanted);
                }

                break;
            default:
                if (!_leaves.TryGetValue(path, out List<Leaf>? leaves))
                {
                    leaves = [];
                    _leaves.Add(path, leaves);
                }

                leaves.Add(new Leaf(value, membership));
                break;
        }
    }

    /// <summary>One leaf value and the (array, element) pairs it lies within.</summary>
    internal sealed record Leaf(JsonElement Value, (int Array, int Index)[] Membership)
    {
        /// <summary>Whether two leaves may be parts of one match: in every array both lie in, the same element.</summary>
        public bool ConsistentWith(Leaf other)
        {
            foreach ((int array, int index) in Membership)
            {
                foreach ((int otherArray, int otherIndex) in other.Membership)
                {
                    if (array == otherArray && index != otherIndex)
                    {
                        return false;
                    }
                }
            }

            return true;
        }
    }
}
