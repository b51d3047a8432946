using System.Globalization;
using PipesLake.Partitioning;

namespace PipesLake.Blueprint;

/// <summary>
/// The query layer's tables, one definition for the Glue catalog the stack deploys and the DuckDB views the
/// local <c>query</c> creates: the <c>changes</c> table over <c>data/</c>, the <c>errors</c> table over
/// <c>errors/</c>, and the <c>changes_current</c> view. Partition locations are derived from
/// <see cref="LakePrefixes"/>, so the catalog and the delivery stream cannot drift apart.
/// </summary>
public static class QueryTables
{
    /// <summary>Every change, one row a lake line.</summary>
    public const string Changes = "changes";

    /// <summary>Firehose's error records.</summary>
    public const string Errors = "errors";

    /// <summary>The latest change per item, deletes removed.</summary>
    public const string ChangesCurrent = "changes_current";

    /// <summary>The table's hash key (<c>LakeTable</c>), the view's partitioning column.</summary>
    public const string TableKey = "id";

    /// <summary>The OpenX JSON SerDe Athena documents for JSON lines ("OpenX JSON SerDe").</summary>
    public const string JsonSerDe = "org.openx.data.jsonserde.JsonSerDe";

    /// <summary>Text input format of JSON tables.</summary>
    public const string InputFormat = "org.apache.hadoop.mapred.TextInputFormat";

    /// <summary>Output format of JSON tables.</summary>
    public const string OutputFormat = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";

    /// <summary>The error-output types Firehose writes with this stack: the function's failures and partition overflow.</summary>
    public static IReadOnlyList<string> ErrorOutputTypes { get; } = ["processing-failed", "activePartitionExceeded"];

    private static readonly HiveType s_string = HiveType.Of("string");
    private static readonly HiveType s_int = HiveType.Of("int");
    private static readonly HiveType s_bigint = HiveType.Of("bigint");

    /// <summary>Glue database names take lowercase letters, digits and underscores: <c>pipeslake_&lt;stack&gt;</c>.</summary>
    public static string Database(string stack) => $"{SettingKeys.Project}_{stack.Replace('-', '_')}";

    /// <summary>The data columns of <c>changes</c>: the key, site and time attributes, the configured columns, the lake's fields.</summary>
    public static IReadOnlyList<LakeColumn> ChangesColumns(LakeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var columns = new List<LakeColumn> { new(TableKey, s_string) };
        if (!IsTaken(settings.SiteAttribute, columns) && settings.SiteAttribute.ToLowerInvariant() != SitePartition)
        {
            columns.Add(new LakeColumn(settings.SiteAttribute.ToLowerInvariant(), s_string, settings.SiteAttribute));
        }

        if (settings.PartitionTime == PartitionTime.Item && !IsTaken(settings.TimeAttribute, columns))
        {
            columns.Add(new LakeColumn(settings.TimeAttribute.ToLowerInvariant(), s_bigint, settings.TimeAttribute));
        }

        columns.AddRange(settings.Columns);
        foreach (string field in new[] { LakeContract.Operation, LakeContract.OutputEventId, LakeContract.OutputSequence, LakeContract.OutputTimestamp })
        {
            columns.Add(new LakeColumn(field.ToLowerInvariant(), s_string, field));
        }

        return columns;
    }

    /// <summary>The partition columns of <c>changes</c>, one per partition key, lowercase.</summary>
    public static IReadOnlyList<LakeColumn> ChangesPartitions { get; } =
        [.. PartitionKeyNames.All.Select(k => new LakeColumn(k.ToLowerInvariant(), k == PartitionKeyNames.SiteId ? s_string : s_int, k))];

    /// <summary>The data columns of <c>errors</c>: the fields of Firehose's error records.</summary>
    public static IReadOnlyList<LakeColumn> ErrorColumns { get; } =
    [
        new("attemptsmade", s_int, "attemptsMade"),
        new("arrivaltimestamp", s_bigint, "arrivalTimestamp"),
        new("errorcode", s_string, "errorCode"),
        new("errormessage", s_string, "errorMessage"),
        new("attemptendingtimestamp", s_bigint, "attemptEndingTimestamp"),
        new("rawdata", s_string, "rawData"),
        new("lambdaarn", s_string, "lambdaArn"),
    ];

    /// <summary>The partition columns of <c>errors</c>: the error-output type and the date parts of the error prefix.</summary>
    public static IReadOnlyList<LakeColumn> ErrorPartitions { get; } =
        [new("errortype", s_string), new("year", s_int), new("month", s_int), new("day", s_int)];

    /// <summary>Athena partition projection of <c>changes</c> (Athena User Guide, "Partition projection with Amazon Athena").</summary>
    public static IReadOnlyDictionary<string, string> ChangesProjection(LakeSettings settings, string bucketName)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["projection.enabled"] = "true" };
        if (settings.Sites.Count == 0)
        {
            parameters[$"projection.{SitePartition}.type"] = "injected";
        }
        else
        {
            parameters[$"projection.{SitePartition}.type"] = "enum";
            parameters[$"projection.{SitePartition}.values"] = string.Join(",", settings.Sites);
        }

        AddTimeProjection(parameters, ["year", "month", "day", "hour", "minute"]);
        parameters["storage.location.template"] = Location(bucketName, LakePrefixes.Data);
        return parameters;
    }

    /// <summary>Athena partition projection of <c>errors</c>.</summary>
    public static IReadOnlyDictionary<string, string> ErrorProjection(string bucketName)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["projection.enabled"] = "true",
            ["projection.errortype.type"] = "enum",
            ["projection.errortype.values"] = string.Join(",", ErrorOutputTypes),
        };
        AddTimeProjection(parameters, ["year", "month", "day"]);
        parameters["storage.location.template"] = Location(bucketName, LakePrefixes.Error);
        return parameters;
    }

    /// <summary>
    /// The range and digits of each time partition: every value the function's <see cref="PartitionKey"/>
    /// writes (years 1970–9999, zero-padded) and nothing else.
    /// </summary>
    public static IReadOnlyDictionary<string, (int Min, int Max, int Digits)> TimeRanges { get; } = new Dictionary<string, (int, int, int)>(StringComparer.Ordinal)
    {
        ["year"] = (1970, 9999, 4),
        ["month"] = (1, 12, 2),
        ["day"] = (1, 31, 2),
        ["hour"] = (0, 23, 2),
        ["minute"] = (0, 59, 2),
    };

    /// <summary>
    /// The <c>changes_current</c> view: for each item the change with the highest sequence number (a decimal
    /// string of varying length, so compared by length, then text), unless that change is a delete. Standard
    /// SQL that Athena (Trino) and DuckDB both run.
    /// </summary>
    public static string CurrentViewSql(LakeSettings settings)
    {
        IEnumerable<string> columns = ChangesColumns(settings).Concat(ChangesPartitions).Select(c => Quote(c.Name));
        string seq = Quote(LakeContract.OutputSequence.ToLowerInvariant());
        return $"SELECT {string.Join(", ", columns)} FROM (SELECT *, row_number() OVER (PARTITION BY {Quote(TableKey)} ORDER BY length({seq}) DESC, {seq} DESC) AS pipeslake_rank FROM {Changes}) ranked WHERE pipeslake_rank = 1 AND {Quote(LakeContract.Operation)} <> 'D'";
    }

    /// <summary>Every column name a configured column may not take.</summary>
    public static IEnumerable<string> FixedColumnNames(LakeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ChangesColumns(settings with { Columns = [] }).Concat(ChangesPartitions).Select(c => c.Name);
    }

    /// <summary>Splits <c>a:int,b:map&lt;string,int&gt;</c> at the commas outside &lt;&gt; and ().</summary>
    public static IEnumerable<string> SplitTopLevel(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            depth += text[i] is '<' or '(' ? 1 : text[i] is '>' or ')' ? -1 : 0;
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i].Trim();
                start = i + 1;
            }
        }

        yield return text[start..].Trim();
    }

    /// <summary>A column name quoted for both engines: the lake's fields start with '_'.</summary>
    public static string Quote(string name) => $"\"{name}\"";

    private static string SitePartition => PartitionKeyNames.SiteId.ToLowerInvariant();

    private static bool IsTaken(string attribute, List<LakeColumn> columns) =>
        columns.Any(c => c.Name == attribute.ToLowerInvariant());

    private static void AddTimeProjection(Dictionary<string, string> parameters, string[] names)
    {
        foreach (string name in names)
        {
            (int min, int max, int digits) = TimeRanges[name];
            parameters[$"projection.{name}.type"] = "integer";
            parameters[$"projection.{name}.range"] = string.Create(CultureInfo.InvariantCulture, $"{min},{max}");
            parameters[$"projection.{name}.digits"] = digits.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The S3 location template of a Firehose prefix: each of its expressions becomes the partition column it fills.</summary>
    private static string Location(string bucketName, string prefix)
    {
        string template = prefix
            .Replace("!{firehose:error-output-type}", "${errortype}", StringComparison.Ordinal)
            .Replace("!{timestamp:yyyy}", "${year}", StringComparison.Ordinal)
            .Replace("!{timestamp:MM}", "${month}", StringComparison.Ordinal)
            .Replace("!{timestamp:dd}", "${day}", StringComparison.Ordinal);
        foreach (string key in PartitionKeyNames.All)
        {
            template = template.Replace($"!{{partitionKeyFromLambda:{key}}}", $"${{{key.ToLowerInvariant()}}}", StringComparison.Ordinal);
        }

        return template.Contains("!{", StringComparison.Ordinal)
            ? throw new InvalidOperationException($"The prefix '{prefix}' has an expression no partition column fills.")
            : $"s3://{bucketName}/{template}";
    }
}
