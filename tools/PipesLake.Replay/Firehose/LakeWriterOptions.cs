namespace PipesLake.Replay.Firehose;

/// <summary>How the tables' delivery streams write objects.</summary>
/// <param name="Tables">The stack's tables: each prefix's delivery stream names its objects.</param>
/// <param name="BufferBytes">Per-partition buffer, as the streams' S3 buffer size.</param>
/// <param name="Gzip">Compress objects and add <c>.gz</c>, as Firehose does with GZIP.</param>
/// <param name="Arrival">Arrival time for timestamps and object names.</param>
internal sealed record LakeWriterOptions(StackTables Tables, long BufferBytes, bool Gzip, DateTimeOffset Arrival)
{
    /// <summary>Line bytes held in memory before a sorted run goes to disk: bounds memory (twice this at most, while one is written).</summary>
    public long MaxBufferedBytes { get; init; } = DefaultSortMemoryBytes;

    /// <summary>A Parquet lake's conversions: data objects are written as Parquet, lines that do not convert go to their table's error prefix.</summary>
    public TableConversions? Conversions { get; init; }

    /// <summary>Faults to make on purpose: objects Firehose writes twice (<see cref="DeliveryFaults.WriteTwice"/>); null for none.</summary>
    public DeliveryFaults? Faults { get; init; }

    /// <summary>The sort memory a run uses unless told otherwise: 48 MiB.</summary>
    public const long DefaultSortMemoryBytes = 48L * 1024 * 1024;
}
