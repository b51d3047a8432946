namespace PipesLake.Replay.Firehose;

/// <summary>How the replay's delivery stream writes objects.</summary>
/// <param name="StreamName">Delivery stream name, part of every object name.</param>
/// <param name="BufferBytes">Per-partition buffer, as the stream's S3 buffer size.</param>
/// <param name="Gzip">Compress objects and add <c>.gz</c>, as Firehose does with GZIP.</param>
/// <param name="Arrival">Arrival time for timestamps and object names.</param>
internal sealed record LakeWriterOptions(string StreamName, long BufferBytes, bool Gzip, DateTimeOffset Arrival)
{
    /// <summary>Line bytes held in memory before a sorted run goes to disk: bounds memory (twice this at most, while one is written).</summary>
    public long MaxBufferedBytes { get; init; } = DefaultSortMemoryBytes;

    /// <summary>A Parquet lake's conversion: data objects are written as Parquet, lines that do not convert go to the error prefix.</summary>
    public ConversionCheck? Conversion { get; init; }

    /// <summary>The sort memory a run uses unless told otherwise: 48 MiB.</summary>
    public const long DefaultSortMemoryBytes = 48L * 1024 * 1024;
}
