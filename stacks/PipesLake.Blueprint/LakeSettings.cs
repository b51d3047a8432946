namespace PipesLake.Blueprint;

/// <summary>
/// Every decision a stack's configuration makes, validated. Built once by <see cref="SettingsReader"/>
/// and passed to each component.
/// </summary>
public sealed record LakeSettings
{
    /// <summary>Pulumi stack name, e.g. <c>dev</c>.</summary>
    public required string Stack { get; init; }

    /// <summary>AWS region.</summary>
    public required string Region { get; init; }

    /// <summary>Deletion protection of the tables the stack creates, by default, and of the bucket (on by default in prod).</summary>
    public required bool DeletionProtection { get; init; }

    /// <summary>The stack's tables (<see cref="SettingKeys.Tables"/>), at least one, each with what is decided per table.</summary>
    public IReadOnlyList<TableSettings> Tables { get; init; } = [];

    /// <summary>S3 buffer size, 64–128 MiB (dynamic partitioning needs at least 64).</summary>
    public int BufferSizeMiB { get; init; } = 64;

    /// <summary>S3 buffer interval, 60–900 s.</summary>
    public int BufferIntervalSeconds { get; init; } = 60;

    /// <summary>Lambda processor buffer, 0.2–3 MB; small enough that a response stays under Lambda's 6 MB.</summary>
    public decimal ProcessorBufferSizeMB { get; init; } = 1m;

    /// <summary>Lambda processor buffer interval, 60–900 s.</summary>
    public int ProcessorBufferIntervalSeconds { get; init; } = 60;

    /// <summary>Firehose retries of a failed invocation, 0–300.</summary>
    public int ProcessorRetries { get; init; } = 3;

    /// <summary>LATEST or TRIM_HORIZON.</summary>
    public string PipeStartingPosition { get; init; } = "TRIM_HORIZON";

    /// <summary>Records per pipe batch, 1–500: the most EventBridge Pipes sends to a Firehose target in one batch.</summary>
    public int PipeBatchSize { get; init; } = 100;

    /// <summary>Pipe batching window, 0–300 s.</summary>
    public int PipeBatchingWindowSeconds { get; init; } = 1;

    /// <summary>Retries before a batch goes to the DLQ, -1 (forever) to 10000.</summary>
    public int PipeMaximumRetryAttempts { get; init; } = 10;

    /// <summary>Oldest record the pipe still sends, -1 (no limit) or 60–604800 s.</summary>
    public int PipeMaximumRecordAgeSeconds { get; init; } = 86_400;

    /// <summary>Concurrent batches per shard, 1–10 (EventBridge Pipes' DynamoDB stream source parameter).</summary>
    public int PipeParallelizationFactor { get; init; } = 1;

    /// <summary>Split a failing batch to isolate the bad record.</summary>
    public bool PipeBisectOnFailure { get; init; } = true;

    /// <summary>CloudWatch Logs retention; one of the values CloudWatch accepts.</summary>
    public int LogRetentionDays { get; init; } = 30;

    /// <summary>Days objects under the error prefix are kept, 1–3650.</summary>
    public int ErrorRetentionDays { get; init; } = 90;

    /// <summary>Function memory, 128–10240 MB.</summary>
    public int FunctionMemoryMB { get; init; } = 1024;

    /// <summary>Function timeout, 60–300 s (Firehose waits at most 5 minutes).</summary>
    public int FunctionTimeoutSeconds { get; init; } = 120;

    /// <summary>E-mail address for alarm notifications, or null.</summary>
    public string? AlarmEmail { get; init; }

    /// <summary>Alarm evaluation period, 60–3600 s.</summary>
    public int AlarmPeriodSeconds { get; init; } = 300;

    /// <summary>Failures in one period that raise an alarm, 1–1,000,000.</summary>
    public int AlarmFailures { get; init; } = 1;

    /// <summary>Age of the oldest record in Firehose that raises an alarm, 60–86400 s; twice the buffer interval by default.</summary>
    public int AlarmFreshnessSeconds { get; init; } = 120;

    /// <summary>Delivery and processing success below this ratio (0–1) raises an alarm.</summary>
    public decimal AlarmSuccessBelow { get; init; } = 1m;

    /// <summary>Share of the timeout, 50–100 %, that raises the duration alarm.</summary>
    public int AlarmDurationPercent { get; init; } = 80;

    /// <summary>Active partitions that raise an alarm, 1–5000; 450 warns before the default quota of 500.</summary>
    public int AlarmActivePartitions { get; init; } = 450;

    /// <summary>Most data one Athena query may scan, 10–2047 MiB: Pulumi.Aws types the cutoff as a 32-bit integer of bytes.</summary>
    public int QueryCutoffMiB { get; init; } = 1024;

    /// <summary>Days query results are kept, 1–3650.</summary>
    public int QueryResultRetentionDays { get; init; } = 30;

    /// <summary>GZIP or UNCOMPRESSED; UNCOMPRESSED with <see cref="LakeFormat.Parquet"/>, which SNAPPY-compresses itself.</summary>
    public string Compression { get; init; } = "GZIP";

    /// <summary>How objects under <c>data/</c> are written: JSON lines, or Parquet converted by the delivery stream.</summary>
    public LakeFormat Format { get; init; } = LakeFormat.Json;

    /// <summary>The function's own options: a record without its table's rules (<see cref="Partitioning.LakeContract.Partitioning"/>) is read with the first table's.</summary>
    public Partitioning.PartitioningOptions FunctionOptions => Tables.Count > 0 ? Tables[0].FunctionOptions : Partitioning.PartitioningOptions.Default with { ItemColumn = Format == LakeFormat.Parquet };

    /// <summary>
    /// Without a stack file (the tools' <see cref="SettingsReader.Defaults"/>), no list of tables: a table of any name is
    /// taken, with the defaults.
    /// </summary>
    public bool AnyTable { get; init; }

    /// <summary>The table named <paramref name="name"/>, or null when the stack has none of that name.</summary>
    public TableSettings? Table(string name) =>
        Tables.FirstOrDefault(t => t.Name == name)
        ?? (AnyTable && Tables.Count > 0 && TableSettings.IsName(name) && TableSettings.IdOf(name) is { } id ? Tables[0] with { Name = name, Id = id } : null);

    /// <summary>Tags on every taggable resource.</summary>
    public IReadOnlyDictionary<string, string> Tags => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["project"] = SettingKeys.Project,
        ["stack"] = Stack,
        ["managed-by"] = "pulumi",
    };
}
