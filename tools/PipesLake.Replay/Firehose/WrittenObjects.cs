using PipesLake.Partitioning;

namespace PipesLake.Replay.Firehose;

/// <summary>
/// What a run that writes through a <see cref="LakeWriter"/> counts of its lines and objects (<see cref="LakeWriter.Report"/>
/// fills the objects' part): the part a replay's and a backfill's summaries share.
/// </summary>
internal abstract class WrittenObjects
{
    /// <summary>Lines the function delivered.</summary>
    public long Delivered { get; set; }

    /// <summary>Records the function failed, by reason.</summary>
    public Dictionary<RecordFailure, long> FailedByReason { get; } = [];

    public long Failed => FailedByReason.Values.Sum();

    public int Partitions { get; set; }

    public int Objects { get; set; }

    /// <summary>Sorted runs written to disk to bring partitions together (0 when the lines fit in memory).</summary>
    public int SortedRuns { get; set; }

    /// <summary>Objects an earlier run of the same input had written already, found whole and left as they are.</summary>
    public int AlreadyThere { get; set; }

    /// <summary>Objects whose name held other, damaged content, now replaced.</summary>
    public int Repaired { get; set; }

    public long Bytes { get; set; }

    /// <summary>Objects written a second time under another name, and their lines: a fault the run was asked to make.</summary>
    public int WrittenTwice { get; set; }

    /// <summary>The lines of <see cref="WrittenTwice"/>'s copies.</summary>
    public long LinesWrittenTwice { get; set; }

    /// <summary>In a Parquet lake: delivered lines whose values do not fit the schema, under <c>errors/&lt;table&gt;/format-conversion-failed/</c>.</summary>
    public long NotConverted { get; set; }
}
