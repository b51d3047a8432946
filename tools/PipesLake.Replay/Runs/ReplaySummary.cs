using PipesLake.Partitioning;

namespace PipesLake.Replay.Runs;

/// <summary>
/// What a replay did, in counts. Every record read is in exactly one of: malformed, filtered out, too large for
/// Firehose, delivered or failed, so those rows add up to <see cref="Read"/> (<see cref="Accounted"/>).
/// </summary>
internal sealed class ReplaySummary : IWrittenObjects
{
    public long Read { get; set; }

    /// <summary>Input records that were not JSON objects, by line.</summary>
    public List<long> MalformedLines { get; } = [];

    public long FilteredOut { get; set; }

    /// <summary>Records the pipe renders bigger than a Firehose record may be, by line: bound for the DLQ, never in the lake.</summary>
    public List<long> TooLargeForFirehose { get; } = [];

    public long Delivered { get; set; }

    public Dictionary<RecordFailure, long> FailedByReason { get; } = [];

    public long Failed => FailedByReason.Values.Sum();

    /// <summary>The rows' sum, which is <see cref="Read"/>.</summary>
    public long Accounted => MalformedLines.Count + FilteredOut + TooLargeForFirehose.Count + Delivered + Failed;

    public int Partitions { get; set; }

    /// <summary>The most partitions one buffer interval of arrivals opened (Firehose's active partitions).</summary>
    public int MaxActivePartitions { get; set; }

    /// <summary>Buffer intervals that opened more than Firehose's default quota of active partitions.</summary>
    public int WindowsOverActivePartitionQuota { get; set; }

    public int Objects { get; set; }

    /// <summary>Sorted runs written to disk to bring partitions together (0 when the lines fit in memory).</summary>
    public int SortedRuns { get; set; }

    /// <summary>Objects an earlier run of the same input had written already, found whole and left as they are.</summary>
    public int AlreadyThere { get; set; }

    /// <summary>Objects whose name held other, damaged content, now replaced.</summary>
    public int Repaired { get; set; }

    public long Bytes { get; set; }

    public long NotConverted { get; set; }

    public long Invocations { get; set; }
}
