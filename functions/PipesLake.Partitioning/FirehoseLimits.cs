namespace PipesLake.Partitioning;

/// <summary>Amazon Data Firehose's limits that shape what reaches the function.</summary>
public static class FirehoseLimits
{
    /// <summary>
    /// The largest record Firehose accepts, 1,000 KiB before base64 (Firehose Developer Guide, "Amazon Data
    /// Firehose quota": "The maximum size of a record sent to Amazon Data Firehose, before base64-encoding,
    /// is 1,000 KiB").
    /// </summary>
    public const int MaxRecordBytes = 1000 * 1024;

    /// <summary>
    /// Active partitions a stream may hold by default (raisable to 5,000); past it records go to the error
    /// prefix as <c>activePartitionExceeded</c> (Firehose Developer Guide, "Buffer data for dynamic partitioning").
    /// </summary>
    public const int DefaultActivePartitions = 500;
}
