namespace PipesLake.Partitioning;

/// <summary>The per-record result Firehose understands. The function never drops a record.</summary>
public enum FirehoseRecordResult
{
    /// <summary>Firehose's <c>Ok</c>: deliver the returned data under the record's partition.</summary>
    Ok,

    /// <summary>Firehose's <c>ProcessingFailed</c>: deliver the original data under the error prefix.</summary>
    ProcessingFailed,
}
