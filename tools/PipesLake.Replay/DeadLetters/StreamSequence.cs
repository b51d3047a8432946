namespace PipesLake.Replay.DeadLetters;

/// <summary>
/// A DynamoDB stream record's sequence number: a decimal string, 21 to 40 digits (DynamoDB Streams API Reference,
/// StreamRecord, SequenceNumber), compared as the number it is: a longer one is later, then digit by digit.
/// </summary>
internal static class StreamSequence
{
    /// <summary>Whether <paramref name="value"/> is a sequence number: digits only, 1 to 128 of them (what GetShardIterator takes).</summary>
    public static bool IsValid(string? value) => value is { Length: > 0 and <= 128 } && value.All(char.IsAsciiDigit);

    /// <summary>Negative when <paramref name="a"/> comes before <paramref name="b"/> in the shard, 0 when they are one record.</summary>
    public static int Compare(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        string x = a.TrimStart('0');
        string y = b.TrimStart('0');
        return x.Length != y.Length ? x.Length.CompareTo(y.Length) : string.CompareOrdinal(x, y);
    }
}
