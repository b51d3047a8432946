namespace PipesLake.Replay.DeadLetters;

/// <summary>
/// A batch read back from its stream: how many of its records were read and written, and what that came to. Judged only
/// by sequence numbers found: sequence numbers grow within a shard but are not consecutive, so a batch counts as whole
/// only when the records at both of its ends were read.
/// </summary>
/// <param name="Position">The batch.</param>
/// <param name="Read">Records of the batch's range read from the stream.</param>
/// <param name="Written">Of those, records not already written for an earlier batch that overlaps this one.</param>
/// <param name="FoundFirst">Whether the record at the batch's first sequence number was read.</param>
/// <param name="FoundLast">Whether the record at its last sequence number was read.</param>
/// <param name="Gone">Why nothing more could be read (trimmed, no such stream or shard), or null.</param>
internal sealed record BatchRead(BatchPosition Position, int Read, int Written, bool FoundFirst, bool FoundLast, string? Gone)
{
    /// <summary>Whole, in part, or not at all.</summary>
    public BatchOutcome Outcome => FoundFirst && FoundLast ? BatchOutcome.Recovered : Read > 0 ? BatchOutcome.Partial : BatchOutcome.Lost;

    /// <summary>Why it is not whole, for the summary: ids and times only.</summary>
    public string Why => Gone ?? (FoundFirst ? $"the record {Position.Last} was not in the shard" : $"the record {Position.First} was not in the shard");
}
