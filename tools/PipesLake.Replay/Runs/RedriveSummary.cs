using PipesLake.Partitioning;

namespace PipesLake.Replay.Runs;

/// <summary>
/// What a redrive did, in counts. Every record read is counted in exactly one row, so the rows add up to
/// <see cref="Records"/> (<see cref="Accounted"/>): not an error record, in an error object left whole, redriven, already
/// written, not converted, or failed again.
/// </summary>
internal sealed class RedriveSummary
{
    public int ErrorObjects { get; set; }

    public long Records { get; set; }

    /// <summary>Lines that are not error records (no JSON object, no string <c>rawData</c>), as <c>file:line</c>.</summary>
    public List<string> MalformedLines { get; } = [];

    /// <summary>Error records of objects left whole (unreadable, or holding lines that are not error records): none of them used.</summary>
    public long Unused { get; set; }

    /// <summary>Records written under <c>data/</c> by this run.</summary>
    public long Redriven { get; set; }

    /// <summary>In a Parquet lake: lines whose values do not fit the schema, under <c>errors/format-conversion-failed/</c>.</summary>
    public long NotConverted { get; set; }

    /// <summary>Records bound for <c>data/</c> whose object an earlier run already wrote.</summary>
    public long AlreadyWritten { get; set; }

    public Dictionary<RecordFailure, long> FailedAgainByReason { get; } = [];

    public long FailedAgain => FailedAgainByReason.Values.Sum();

    /// <summary>The rows' sum, which is <see cref="Records"/>: every record is in one row.</summary>
    public long Accounted => MalformedLines.Count + Unused + Redriven + AlreadyWritten + NotConverted + FailedAgain;

    /// <summary>
    /// Error objects whose every record is now in the lake, or back under <c>errors/</c> with its reason: counted, each
    /// named to the run's <c>done</c> as it is handled (an incident's hundred thousand names are never held).
    /// </summary>
    public int Handled { get; set; }

    /// <summary>Error objects left where they are, each with why.</summary>
    public List<string> Left { get; } = [];

    public int Partitions { get; set; }

    public int ObjectsWritten { get; set; }

    public long Bytes { get; set; }
}
