using PipesLake.Partitioning;

namespace PipesLake.Replay.Runs;

/// <summary>
/// What a backfill did, in counts. Every item read is in exactly one of: not an export item, delivered or failed, so
/// those rows add up to <see cref="Items"/> (<see cref="Accounted"/>).
/// </summary>
internal sealed class BackfillSummary : IWrittenObjects
{
    public long Items { get; set; }

    /// <summary>Lines that are not <c>{"Item": {…}}</c> with the table's key, as <c>file:line</c>.</summary>
    public List<string> MalformedLines { get; } = [];

    public long Delivered { get; set; }

    public Dictionary<RecordFailure, long> FailedByReason { get; } = [];

    public long Failed => FailedByReason.Values.Sum();

    /// <summary>The rows' sum, which is <see cref="Items"/>.</summary>
    public long Accounted => MalformedLines.Count + Delivered + Failed;

    public int Partitions { get; set; }

    public int Objects { get; set; }

    /// <summary>Sorted runs written to disk to bring partitions together (0 when the lines fit in memory).</summary>
    public int SortedRuns { get; set; }

    /// <summary>Objects an earlier run of the same input had written already, found whole and left as they are.</summary>
    public int AlreadyThere { get; set; }

    /// <summary>Objects whose name held other, damaged content, now replaced.</summary>
    public int Repaired { get; set; }

    public long Bytes { get; set; }

    public long NotConverted { get; set; }
}
