using PipesLake.Partitioning;

namespace PipesLake.Replay.Runs;

/// <summary>What a redrive did, in counts.</summary>
internal sealed class RedriveSummary
{
    public int ErrorObjects { get; set; }

    public long Records { get; set; }

    /// <summary>Lines that are not error records (no JSON object, no string <c>rawData</c>), as <c>file:line</c>.</summary>
    public List<string> MalformedLines { get; } = [];

    /// <summary>Records written under <c>data/</c> by this run.</summary>
    public long Redriven { get; set; }

    /// <summary>In a Parquet lake: lines whose values do not fit the schema, under <c>errors/format-conversion-failed/</c>.</summary>
    public long NotConverted { get; set; }

    /// <summary>Records, redriven or failed again, whose object an earlier run already wrote.</summary>
    public long AlreadyWritten { get; set; }

    public Dictionary<RecordFailure, long> FailedAgainByReason { get; } = [];

    public long FailedAgain => FailedAgainByReason.Values.Sum();

    /// <summary>Error objects whose every record is now in the lake, or back under <c>errors/</c> with its reason.</summary>
    public List<string> Handled { get; } = [];

    /// <summary>Error objects left where they are, each with why.</summary>
    public List<string> Left { get; } = [];

    public int Partitions { get; set; }

    public int ObjectsWritten { get; set; }

    public long Bytes { get; set; }
}
