using PipesLake.Partitioning;

namespace PipesLake.Replay.Runs;

/// <summary>Counts of records by the reason the function failed them, as every run keeps and sums them.</summary>
internal static class FailureCounts
{
    /// <summary>Counts <paramref name="records"/> more for <paramref name="reason"/>.</summary>
    public static void Count(this Dictionary<RecordFailure, long> counts, RecordFailure reason, long records = 1) =>
        counts[reason] = counts.GetValueOrDefault(reason) + records;

    /// <summary>Adds every count of <paramref name="more"/>.</summary>
    public static void AddAll(this Dictionary<RecordFailure, long> counts, IReadOnlyDictionary<RecordFailure, long> more)
    {
        foreach ((RecordFailure reason, long records) in more)
        {
            counts.Count(reason, records);
        }
    }
}
