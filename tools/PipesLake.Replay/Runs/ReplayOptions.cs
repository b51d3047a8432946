using PipesLake.Blueprint;

namespace PipesLake.Replay.Runs;

/// <summary>Everything a replay run uses; the definitions come from the stack's settings.</summary>
internal sealed record ReplayOptions(LakeSettings Settings, string LakeRoot)
{
    /// <summary>Records per function invocation at most; Firehose also cuts by <see cref="LakeSettings.ProcessorBufferSizeMB"/>.</summary>
    public int BatchRecords { get; init; } = 10_000;

    /// <summary>Bytes per function invocation; defaults to the stack's processor buffer.</summary>
    public long BatchBytes { get; init; } = (long)(Settings.ProcessorBufferSizeMB * 1_000_000m);

    /// <summary>Compress objects; defaults to the stack's compression.</summary>
    public bool Gzip { get; init; } = Settings.Compression == "GZIP";

    /// <summary>Workers that filter, render and transform; the lake is the same for any number.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Line bytes held in memory before a sorted run goes to disk (twice this at most, while one is written).</summary>
    public long SortMemoryBytes { get; init; } = LakeWriterOptions.DefaultSortMemoryBytes;

    /// <summary>The table of records that carry no <c>eventSourceARN</c> (<c>--table</c>); without it, the stack's one table, if it has one.</summary>
    public string? Table { get; init; }

    /// <summary>The at-least-once faults to make on purpose (<c>--fault-*</c>), or null for none.</summary>
    public DeliveryFaults? Faults { get; init; }

    /// <summary>Firehose arrival time: timestamps in prefixes and object names.</summary>
    public DateTimeOffset Arrival { get; init; } = DateTimeOffset.UtcNow;
}
