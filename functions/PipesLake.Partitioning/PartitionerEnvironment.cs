namespace PipesLake.Partitioning;

/// <summary>
/// Environment variables the stack sets on the function and the function reads at start-up.
/// </summary>
public static class PartitionerEnvironment
{
    /// <summary>Name of the image attribute holding the site id (S or N).</summary>
    public const string SiteAttribute = "PIPESLAKE_SITE_ATTRIBUTE";

    /// <summary>Name of the image attribute holding the event time (N, epoch milliseconds).</summary>
    public const string TimeAttribute = "PIPESLAKE_TIME_ATTRIBUTE";

    /// <summary><c>item</c> or <c>change</c>: which time partitions a line (<see cref="Partitioning.PartitionTime"/>).</summary>
    public const string PartitionTime = "PIPESLAKE_PARTITION_TIME";

    /// <summary>The variable's value for a choice: <c>item</c> or <c>change</c>, as the setting spells it.</summary>
    public static string PartitionTimeValue(PartitionTime time) => time == Partitioning.PartitionTime.Change ? "change" : "item";

    /// <summary>Reads the variable's value.</summary>
    /// <exception cref="ArgumentException">Neither <c>item</c> nor <c>change</c>.</exception>
    public static PartitionTime ParsePartitionTime(string value) => value switch
    {
        "item" => Partitioning.PartitionTime.Item,
        "change" => Partitioning.PartitionTime.Change,
        _ => throw new ArgumentException($"{PartitionTime} must be item or change; got '{value}'."),
    };

    /// <summary><c>true</c> in a Parquet lake: every line carries itself as <see cref="LakeContract.ItemColumn"/>.</summary>
    public const string ItemColumn = "PIPESLAKE_ITEM_COLUMN";

    /// <summary>Reads <see cref="ItemColumn"/>.</summary>
    /// <exception cref="ArgumentException">Neither <c>true</c> nor <c>false</c>.</exception>
    public static bool ParseItemColumn(string value) => value switch
    {
        "true" => true,
        "false" => false,
        _ => throw new ArgumentException($"{ItemColumn} must be true or false; got '{value}'."),
    };

    /// <summary>The runtime's gen0 budget knob; only an environment variable can set it.</summary>
    public const string GcGen0Size = "DOTNET_GCgen0size";

    /// <summary>
    /// 128 MB, in the hexadecimal the runtime reads. Every record of a batch (up to 6 MB of request, about
    /// 30 MB of strings) lives until the response is written; with the default budget each gen0
    /// collection promotes them all, which halves the handler's throughput.
    /// </summary>
    public const string GcGen0SizeValue = "0x8000000";
}
