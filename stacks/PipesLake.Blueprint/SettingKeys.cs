namespace PipesLake.Blueprint;

/// <summary>The stack configuration keys, as written in <c>Pulumi.&lt;stack&gt;.yaml</c>.</summary>
public static class SettingKeys
{
    /// <summary>The Pulumi project, and so the configuration namespace of every key below but the region.</summary>
    public const string Project = "pipeslake";

    /// <summary>Region of every resource.</summary>
    public const string Region = "aws:region";

    /// <summary>The one table of a stack that sets no <see cref="Tables"/>: created by the stack, with the keys below as its settings.</summary>
    public const string TableName = "pipeslake:tableName";

    /// <summary>
    /// The stack's tables: a list of objects (Pulumi structured config), one per DynamoDB table, each with its
    /// <c>name</c>, whether it already exists, and what is per table (<see cref="TableFields"/>); the stack's keys of the
    /// same names are each table's defaults.
    /// </summary>
    public const string Tables = "pipeslake:tables";

    /// <summary>Deletion protection on the tables the stack creates; also keeps the bucket from being force-destroyed.</summary>
    public const string DeletionProtection = "pipeslake:deletionProtection";

    /// <summary>Firehose S3 buffer size in MiB.</summary>
    public const string BufferSizeMiB = "pipeslake:bufferSizeMiB";

    /// <summary>Firehose S3 buffer interval in seconds.</summary>
    public const string BufferIntervalSeconds = "pipeslake:bufferIntervalSeconds";

    /// <summary>Lambda processor buffer size in MB.</summary>
    public const string ProcessorBufferSizeMB = "pipeslake:processorBufferSizeMB";

    /// <summary>Lambda processor buffer interval in seconds.</summary>
    public const string ProcessorBufferIntervalSeconds = "pipeslake:processorBufferIntervalSeconds";

    /// <summary>Firehose's retries of a failed Lambda invocation.</summary>
    public const string ProcessorRetries = "pipeslake:processorRetries";

    /// <summary>Pipe starting position.</summary>
    public const string PipeStartingPosition = "pipeslake:pipeStartingPosition";

    /// <summary>Pipe batch size.</summary>
    public const string PipeBatchSize = "pipeslake:pipeBatchSize";

    /// <summary>Pipe batching window in seconds.</summary>
    public const string PipeBatchingWindowSeconds = "pipeslake:pipeBatchingWindowSeconds";

    /// <summary>Pipe retry attempts before the DLQ.</summary>
    public const string PipeMaximumRetryAttempts = "pipeslake:pipeMaximumRetryAttempts";

    /// <summary>Pipe maximum record age in seconds.</summary>
    public const string PipeMaximumRecordAgeSeconds = "pipeslake:pipeMaximumRecordAgeSeconds";

    /// <summary>Bisect a failing batch.</summary>
    public const string PipeBisectOnFailure = "pipeslake:pipeBisectOnFailure";

    /// <summary>Log retention in days.</summary>
    public const string LogRetentionDays = "pipeslake:logRetentionDays";

    /// <summary>Days objects under the error prefix are kept.</summary>
    public const string ErrorRetentionDays = "pipeslake:errorRetentionDays";

    /// <summary>Image attribute holding the site.</summary>
    public const string SiteAttribute = "pipeslake:siteAttribute";

    /// <summary>Image attribute holding the event time.</summary>
    public const string TimeAttribute = "pipeslake:timeAttribute";

    /// <summary>Comma-separated event names the pipe lets through.</summary>
    public const string EventNames = "pipeslake:eventNames";

    /// <summary>Drop deletes made by DynamoDB's TTL.</summary>
    public const string ExcludeTtlDeletes = "pipeslake:excludeTtlDeletes";

    /// <summary>Function memory in MB.</summary>
    public const string FunctionMemoryMB = "pipeslake:functionMemoryMB";

    /// <summary>Function timeout in seconds.</summary>
    public const string FunctionTimeoutSeconds = "pipeslake:functionTimeoutSeconds";

    /// <summary>Object compression: GZIP or UNCOMPRESSED.</summary>
    public const string Compression = "pipeslake:compression";

    /// <summary>Optional e-mail address subscribed to the alarm topic.</summary>
    public const string AlarmEmail = "pipeslake:alarmEmail";

    /// <summary>Seconds over which each alarm evaluates its metric.</summary>
    public const string AlarmPeriodSeconds = "pipeslake:alarmPeriodSeconds";

    /// <summary>Failures (failed executions, errors, throttles) in one period that raise an alarm.</summary>
    public const string AlarmFailures = "pipeslake:alarmFailures";

    /// <summary>Age in seconds of Firehose's oldest record that raises the freshness alarm.</summary>
    public const string AlarmFreshnessSeconds = "pipeslake:alarmFreshnessSeconds";

    /// <summary>Success ratio (0–1) of S3 delivery and processing below which an alarm is raised.</summary>
    public const string AlarmSuccessBelow = "pipeslake:alarmSuccessBelow";

    /// <summary>Share of the function's timeout, in percent, that raises the duration alarm.</summary>
    public const string AlarmDurationPercent = "pipeslake:alarmDurationPercent";

    /// <summary>Active partitions in Firehose that raise an alarm.</summary>
    public const string AlarmActivePartitions = "pipeslake:alarmActivePartitions";

    /// <summary>Concurrent batches the pipe reads per stream shard, 1–10.</summary>
    public const string PipeParallelizationFactor = "pipeslake:pipeParallelizationFactor";

    /// <summary>Attributes the query tables expose beyond the key, site, time and lake fields: <c>name:string,tags:array&lt;string&gt;</c>.</summary>
    public const string Columns = "pipeslake:columns";

    /// <summary>The sites, when known: partition projection then enumerates them (<c>enum</c>) instead of requiring one per query (<c>injected</c>).</summary>
    public const string Sites = "pipeslake:sites";

    /// <summary>Most data one Athena query may scan, in MiB.</summary>
    public const string QueryCutoffMiB = "pipeslake:queryCutoffMiB";

    /// <summary>Days Athena's query results are kept under <c>athena-results/</c>.</summary>
    public const string QueryResultRetentionDays = "pipeslake:queryResultRetentionDays";

    /// <summary><c>item</c> or <c>change</c>: which time partitions the lake.</summary>
    public const string PartitionTime = "pipeslake:partitionTime";

    /// <summary><c>json</c> (GZIP or plain NDJSON) or <c>parquet</c> (Firehose converts each line, SNAPPY).</summary>
    public const string Format = "pipeslake:format";

    /// <summary>
    /// The keys only the deployment reads (the table's protection, the pipe's and the function's tuning, retention,
    /// alarms, Athena's limits): the offline tools never need their values, so a stack file may keep them secret.
    /// </summary>
    public static IReadOnlySet<string> DeployOnly { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        DeletionProtection, ProcessorRetries, PipeStartingPosition, PipeBatchSize, PipeBatchingWindowSeconds, PipeMaximumRetryAttempts,
        PipeMaximumRecordAgeSeconds, PipeBisectOnFailure, PipeParallelizationFactor, LogRetentionDays, ErrorRetentionDays, FunctionMemoryMB,
        FunctionTimeoutSeconds, AlarmEmail, AlarmPeriodSeconds, AlarmFailures, AlarmFreshnessSeconds, AlarmSuccessBelow, AlarmDurationPercent,
        AlarmActivePartitions, QueryCutoffMiB, QueryResultRetentionDays,
    };

    /// <summary>Every key above, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. typeof(SettingKeys).GetFields().Where(f => f.IsLiteral && f.Name != nameof(Project)).Select(f => (string)f.GetRawConstantValue()!)];

    /// <summary>
    /// One problem per <c>pipeslake:</c> key of <paramref name="keys"/> the program does not know, naming the closest
    /// known one: a misspelt setting would otherwise be ignored and its default used.
    /// </summary>
    /// <param name="keys">Full keys, <c>namespace:name</c>.</param>
    /// <param name="where">Where they were set, e.g. <c>Pulumi.dev.yaml</c>.</param>
    public static IReadOnlyList<string> Unknown(IEnumerable<string> keys, string where) =>
        [.. keys.Where(k => k.StartsWith(Project + ":", StringComparison.Ordinal) && !All.Contains(k))
            .Order(StringComparer.Ordinal)
            .Select(k => $"{k} in {where} is not a PipesLake setting; did you mean {Closest(k)}?")];

    /// <summary>The known key closest to <paramref name="key"/> by edit distance, ignoring case.</summary>
    public static string Closest(string key) => Closest(key, All);

    /// <summary>The name of <paramref name="known"/> closest to <paramref name="name"/> by edit distance, ignoring case.</summary>
    public static string Closest(string name, IReadOnlyList<string> known)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(known);
        return known.MinBy(k => Distance(k.ToUpperInvariant(), name.ToUpperInvariant()))!;
    }

    private static int Distance(string a, string b)
    {
        int[] previous = [.. Enumerable.Range(0, b.Length + 1)];
        int[] current = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
