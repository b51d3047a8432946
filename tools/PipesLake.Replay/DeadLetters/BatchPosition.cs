namespace PipesLake.Replay.DeadLetters;

/// <summary>
/// One batch a pipe gave up on, as its dead-letter message names it (<c>DDBStreamBatchInfo</c>): the stream and shard,
/// the first and last records' sequence numbers, when they arrived, and how many records the batch held. The message
/// carries positions, not records: the records are read back from the stream while it still holds them (24 hours).
/// </summary>
/// <param name="Message">Where the message was: its SQS or SNS message id, else its file and line.</param>
/// <param name="StreamArn">The stream the batch was read from.</param>
/// <param name="ShardId">Its shard.</param>
/// <param name="First">The first record's sequence number.</param>
/// <param name="Last">The last record's sequence number.</param>
/// <param name="FirstArrival">When the first record arrived in the stream.</param>
/// <param name="LastArrival">When the last record arrived in the stream.</param>
/// <param name="BatchSize">How many records the batch held.</param>
/// <param name="Condition">Why the pipe gave up (<c>RetryAttemptsExhausted</c>, <c>RecordAgeExceeded</c>…), when the message says.</param>
internal sealed record BatchPosition(
    string Message, string StreamArn, string ShardId, string First, string Last, DateTimeOffset FirstArrival, DateTimeOffset LastArrival, int BatchSize, string? Condition)
{
    /// <summary>The table whose stream it is.</summary>
    public string Table => StreamArns.Table(StreamArn);

    /// <summary>The stream's region, where its records are read.</summary>
    public string Region => StreamArns.Region(StreamArn);

    /// <summary>The same batch, whichever message named it: SQS delivers a message at least once, and an operator may save it twice.</summary>
    public (string StreamArn, string ShardId, string First, string Last) Range => (StreamArn, ShardId, First, Last);

    /// <summary>Reading order: by stream and shard, then by first record, so that overlapping batches of a shard meet in turn.</summary>
    public static int Compare(BatchPosition a, BatchPosition b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int order = string.CompareOrdinal(a.StreamArn, b.StreamArn);
        order = order != 0 ? order : string.CompareOrdinal(a.ShardId, b.ShardId);
        order = order != 0 ? order : StreamSequence.Compare(a.First, b.First);
        return order != 0 ? order : StreamSequence.Compare(a.Last, b.Last);
    }
}
