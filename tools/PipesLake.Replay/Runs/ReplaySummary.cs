namespace PipesLake.Replay.Runs;

/// <summary>
/// What a replay did, in counts. Every record read is in exactly one of: malformed, filtered out, too large for
/// Firehose, delivered or failed, so those rows add up to <see cref="Read"/> (<see cref="Accounted"/>).
/// </summary>
internal sealed class ReplaySummary : WrittenObjects
{
    public long Read { get; set; }

    /// <summary>Input records that were not JSON objects, by line.</summary>
    public List<long> MalformedLines { get; } = [];

    public long FilteredOut { get; set; }

    /// <summary>Records the pipe renders bigger than a Firehose record may be, by line: bound for the DLQ, never in the lake.</summary>
    public List<long> TooLargeForFirehose { get; } = [];

    /// <summary>The rows' sum, which is <see cref="Read"/>.</summary>
    public long Accounted => MalformedLines.Count + FilteredOut + TooLargeForFirehose.Count + Delivered + Failed;

    /// <summary>The most partitions one buffer interval of arrivals opened (Firehose's active partitions).</summary>
    public int MaxActivePartitions { get; set; }

    /// <summary>Buffer intervals that opened more than Firehose's default quota of active partitions.</summary>
    public int WindowsOverActivePartitionQuota { get; set; }

    public long Invocations { get; set; }

    /// <summary>Records written a second time because their pipe batch was sent again (a fault the run was asked to make).</summary>
    public long Resent { get; set; }

    /// <summary>Records the pipe retried after Firehose refused them in a partial failure: written once, later.</summary>
    public long Retried { get; set; }
}
