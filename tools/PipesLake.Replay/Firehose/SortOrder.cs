namespace PipesLake.Replay.Firehose;

/// <summary>
/// Where lines go in the lake's order: by partition prefix (its UTF-8 bytes, ordinal), then by their place in the
/// input (unit, then part). Prefixes are compared as bytes so the sorter holds them as bytes in its own counted
/// memory, never as one string per line.
/// </summary>
internal static class SortOrder
{
    public static int Compare(ReadOnlySpan<byte> prefix, long unit, int part, ReadOnlySpan<byte> otherPrefix, long otherUnit, int otherPart)
    {
        int byPrefix = prefix.SequenceCompareTo(otherPrefix);
        if (byPrefix != 0)
        {
            return byPrefix;
        }

        int byUnit = unit.CompareTo(otherUnit);
        return byUnit != 0 ? byUnit : part.CompareTo(otherPart);
    }
}
