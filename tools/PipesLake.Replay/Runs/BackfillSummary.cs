namespace PipesLake.Replay.Runs;

/// <summary>
/// What a backfill did, in counts. Every item read is in exactly one of: not an export item, delivered or failed, so
/// those rows add up to <see cref="Items"/> (<see cref="Accounted"/>).
/// </summary>
internal sealed class BackfillSummary : WrittenObjects
{
    public long Items { get; set; }

    /// <summary>Lines that are not <c>{"Item": {…}}</c> with the table's key, as <c>file:line</c>.</summary>
    public List<string> MalformedLines { get; } = [];

    /// <summary>The rows' sum, which is <see cref="Items"/>.</summary>
    public long Accounted => MalformedLines.Count + Delivered + Failed;
}
