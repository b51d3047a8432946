using PipesLake.Partitioning;

namespace PipesLake.Replay;

/// <summary>What a backfill did, in counts.</summary>
internal sealed class BackfillSummary
{
    public long Items { get; set; }

    /// <summary>Lines that are not <c>{"Item": {…}}</c> with the table's key, as <c>file:line</c>.</summary>
    public List<string> MalformedLines { get; } = [];

    public long Delivered { get; set; }

    public Dictionary<RecordFailure, long> FailedByReason { get; } = [];

    public long Failed => FailedByReason.Values.Sum();

    public int Partitions { get; set; }

    public int Objects { get; set; }

    public long Bytes { get; set; }
}
