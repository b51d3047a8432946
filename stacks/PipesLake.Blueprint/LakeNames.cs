namespace PipesLake.Blueprint;

/// <summary>Physical names of a stack's resources, derived from the stack so stacks never collide.</summary>
public sealed record LakeNames(string Stack)
{
    /// <summary>
    /// Pulumi.Aws's <c>Bucket.bucketPrefix</c> takes at most 37 characters (S3's 63 less the 26 the provider
    /// appends); the bucket prefix is the tightest of the names a stack name goes into.
    /// </summary>
    public const int MaxBucketPrefixLength = 37;

    /// <summary>The longest stack name every physical name can hold: 37 - "pipeslake-".Length - "-lake-".Length.</summary>
    public static int MaxStackLength { get; } = MaxBucketPrefixLength - new LakeNames(string.Empty).BucketPrefix.Length;

    /// <summary>
    /// Why a stack name cannot become every physical name it feeds, or null when it can. S3 bucket names
    /// take lowercase letters, digits and hyphens, so the stack name does too; it starts and ends with a
    /// letter or digit and has no double hyphen (S3 reserves forms such as <c>xn--</c>), which also keeps the
    /// key alias (letters, digits, '/', '_', '-'), the function, pipe and stream names (64 characters) and the
    /// queue name (80) valid.
    /// </summary>
    public static string? StackNameProblem(string stack) =>
        stack.Length <= MaxStackLength && System.Text.RegularExpressions.Regex.IsMatch(stack, "^[a-z0-9]+(-[a-z0-9]+)*$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1))
            ? null
            : $"the stack name '{stack}' must be 1 to {MaxStackLength} lowercase letters, digits and single hyphens, starting and ending with a letter or digit: it becomes the S3 bucket prefix '{new LakeNames(stack).BucketPrefix}' (at most {MaxBucketPrefixLength} characters, S3 naming rules) and every other resource name.";

    /// <summary>The lake bucket's name prefix; the provider appends a unique suffix.</summary>
    public string BucketPrefix => $"{Prefix}-lake-";

    /// <summary>The access-log bucket's name prefix, as long as <see cref="BucketPrefix"/>, so the same stacks fit.</summary>
    public string AccessLogBucketPrefix => $"{Prefix}-logs-";

    /// <summary>Prefix of every name: <c>pipeslake-{stack}</c>.</summary>
    public string Prefix => $"{SettingKeys.Project}-{Stack}";

    /// <summary>Log groups live under this path, which the key policy names.</summary>
    public string LogGroupRoot => $"/{SettingKeys.Project}/{Stack}/";

    /// <summary>The key's alias.</summary>
    public string KeyAlias => $"alias/{Prefix}";

    /// <summary>The partitioning function.</summary>
    public string Function => $"{Prefix}-partitioner";

    /// <summary>A table's delivery stream, <c>pipeslake-&lt;stack&gt;-&lt;id&gt;</c>: also the start of its object names.</summary>
    public string DeliveryStream(TableSettings table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return $"{Prefix}-{table.Id}";
    }

    /// <summary>A table's pipe, <c>pipeslake-&lt;stack&gt;-&lt;id&gt;-pipe</c> (at most 64 characters: <see cref="TableSettings.MaxIdLength"/>).</summary>
    public string Pipe(TableSettings table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return $"{Prefix}-{table.Id}-pipe";
    }

    /// <summary>A table's pipe's dead-letter queue.</summary>
    public string DeadLetterQueue(TableSettings table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return $"{Prefix}-{table.Id}-dlq";
    }

    /// <summary>A table's log group of a component, e.g. <c>/pipeslake/dev/orders/pipe</c>.</summary>
    public string LogGroup(TableSettings table, string component)
    {
        ArgumentNullException.ThrowIfNull(table);
        return $"{LogGroupRoot}{table.Id}/{component}";
    }

    /// <summary>The alarms' SNS topic.</summary>
    public string AlarmTopic => $"{Prefix}-alarms";

    /// <summary>The dashboard.</summary>
    public string Dashboard => Prefix;

    /// <summary>The log group of a component, e.g. <c>/pipeslake/dev/firehose</c>.</summary>
    public string LogGroup(string component) => LogGroupRoot + component;
}
