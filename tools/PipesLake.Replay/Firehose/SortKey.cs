namespace PipesLake.Replay.Firehose;

/// <summary>Where lines go in the lake's order: by partition prefix (ordinal), then by their place in the input.</summary>
/// <param name="Prefix">The partition's prefix.</param>
/// <param name="Unit">The unit of the input the lines came from.</param>
/// <param name="Part">The part of that unit.</param>
internal readonly record struct SortKey(string Prefix, long Unit, int Part) : IComparable<SortKey>
{
    public int CompareTo(SortKey other)
    {
        int byPrefix = string.CompareOrdinal(Prefix, other.Prefix);
        if (byPrefix != 0)
        {
            return byPrefix;
        }

        int byUnit = Unit.CompareTo(other.Unit);
        return byUnit != 0 ? byUnit : Part.CompareTo(other.Part);
    }

    public static bool operator <(SortKey left, SortKey right) => left.CompareTo(right) < 0;

    public static bool operator >(SortKey left, SortKey right) => left.CompareTo(right) > 0;

    public static bool operator <=(SortKey left, SortKey right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SortKey left, SortKey right) => left.CompareTo(right) >= 0;
}
