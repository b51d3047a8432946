namespace PipesLake.Replay.Firehose;

/// <summary>What a summary says of the objects a <see cref="LakeWriter"/> wrote: <see cref="LakeWriter.Report"/> fills it.</summary>
internal interface IWrittenObjects
{
    int Partitions { get; set; }

    int Objects { get; set; }

    /// <summary>Sorted runs written to disk to bring partitions together (0 when the lines fit in memory).</summary>
    int SortedRuns { get; set; }

    /// <summary>Objects an earlier run of the same input had written already, found whole and left as they are.</summary>
    int AlreadyThere { get; set; }

    /// <summary>Objects whose name held other, damaged content, now replaced.</summary>
    int Repaired { get; set; }

    long Bytes { get; set; }

    /// <summary>In a Parquet lake: delivered lines whose values do not fit the schema, under <c>errors/format-conversion-failed/</c>.</summary>
    long NotConverted { get; set; }
}
