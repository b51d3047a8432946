using System.Text;
using PipesLake.Partitioning;

namespace PipesLake.Blueprint;

/// <summary>
/// The delivery stream's S3 prefixes, built from the same partition key names the function returns.
/// </summary>
public static class LakePrefixes
{
    /// <summary>Firehose's limit on a prefix.</summary>
    public const int MaxLength = 512;

    /// <summary>Top folder of the lake's data.</summary>
    public const string DataRoot = "data/";

    /// <summary>Top folder of records Firehose could not deliver or the function failed. Nothing here expires.</summary>
    public const string ErrorRoot = "errors/";

    /// <summary>
    /// Where a user moves error objects once handled (redriven, or judged lost on purpose); only these expire,
    /// after <c>errorRetentionDays</c>. Records waiting under <see cref="ErrorRoot"/> are never deleted by age.
    /// </summary>
    public const string HandledErrorRoot = "errors-handled/";

    /// <summary>Where point-in-time exports for a backfill go in the lake bucket (<c>--s3-prefix exports/</c>): no table reads it.</summary>
    public const string ExportRoot = "exports/";

    /// <summary>The tools' own state in the lake (run journals): no table reads it.</summary>
    public const string ToolStateRoot = ".pipeslake/";

    /// <summary>
    /// A table's delivery stream's prefix,
    /// <c>data/&lt;table&gt;/siteId=!{partitionKeyFromLambda:siteId}/year=!{partitionKeyFromLambda:year}/…/minute=…/</c>:
    /// the table at the top, then Hive-style partitions, so query engines discover them.
    /// </summary>
    public static string Data(TableSettings table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.DataRoot + s_partitions;
    }

    /// <summary>
    /// A table's error prefix,
    /// <c>errors/&lt;table&gt;/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/</c>.
    /// Firehose requires the error type in the error prefix when dynamic partitioning is on.
    /// </summary>
    public static string Error(TableSettings table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.ErrorRoot + "!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/";
    }

    // siteId=!{partitionKeyFromLambda:siteId}/year=…/minute=…/: the partition folders below a table's data root.
    private static readonly string s_partitions = BuildPartitions();

    private static string BuildPartitions()
    {
        var prefix = new StringBuilder();
        foreach (string key in PartitionKeyNames.All)
        {
            prefix.Append(key).Append("=!{partitionKeyFromLambda:").Append(key).Append("}/");
        }

        return prefix.ToString();
    }
}
