using System.Globalization;
using PipesLake.Partitioning;

namespace PipesLake.Blueprint;

/// <summary>
/// The query layer's tables, one definition for the Glue catalog the stack deploys and the DuckDB views the
/// local <c>query</c> creates. Each DynamoDB table has five, named after it (<see cref="Name"/>):
/// <c>&lt;table&gt;_changes</c> over <c>data/&lt;table&gt;/</c>, <c>&lt;table&gt;_changes_history</c>, <c>&lt;table&gt;_errors</c> over
/// <c>errors/&lt;table&gt;/</c>, and the views <c>&lt;table&gt;_changes_current</c> and <c>&lt;table&gt;_changes_unique</c>
/// (QueryTables.Views.cs). Partition locations are derived from <see cref="LakePrefixes"/>, so the catalog and the
/// delivery streams cannot drift apart.
/// </summary>
public static partial class QueryTables
{
    /// <summary>Every change, one row a lake line: the kind of <c>&lt;table&gt;_changes</c>.</summary>
    public const string Changes = "changes";

    /// <summary>Firehose's error records: the kind of <c>&lt;table&gt;_errors</c>.</summary>
    public const string Errors = "errors";

    /// <summary>The latest change per item, deletes removed: the kind of <c>&lt;table&gt;_changes_current</c>.</summary>
    public const string ChangesCurrent = "changes_current";

    /// <summary>
    /// Every change once, however often the at-least-once path delivered it: the kind of <c>&lt;table&gt;_changes_unique</c>
    /// (docs/operations.md, "Delivery semantics: duplicates and how to count once").
    /// </summary>
    public const string ChangesUnique = "changes_unique";

    /// <summary>
    /// Every change again, partitioned by site and year only: whole-history reads of a site (a few thousand
    /// year partitions, each read recursively) instead of every minute since 1970.
    /// </summary>
    public const string ChangesHistory = "changes_history";

    /// <summary>The table's hash key (<c>LakeTable</c>), the view's partitioning column.</summary>
    public const string TableKey = "id";

    /// <summary>The five kinds of table each DynamoDB table has, in the order they are created.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [Changes, ChangesHistory, Errors, ChangesCurrent, ChangesUnique];

    /// <summary>The Glue (and query) name of one of a table's tables: <c>&lt;glue name&gt;_&lt;kind&gt;</c>, e.g. <c>orders_changes</c>.</summary>
    public static string Name(TableSettings table, string kind)
    {
        ArgumentNullException.ThrowIfNull(table);
        return $"{table.GlueName}_{kind}";
    }

    /// <summary>Which table and kind a query table's name is, or null when it is none of the stack's.</summary>
    public static (TableSettings Table, string Kind)? Find(LakeSettings lake, string name)
    {
        ArgumentNullException.ThrowIfNull(lake);
        foreach (TableSettings table in lake.Tables)
        {
            foreach (string kind in Kinds)
            {
                if (string.Equals(Name(table, kind), name, StringComparison.OrdinalIgnoreCase))
                {
                    return (table, kind);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The error-output types Firehose writes with a stack: the function's failures and partition overflow, and in a
    /// Parquet lake the records conversion refused (Firehose Developer Guide, "Handling errors for data format
    /// conversion"). Each is a projected partition Athena lists, so a JSON lake does not project the third.
    /// </summary>
    public static IReadOnlyList<string> ErrorOutputTypes(TableSettings table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.Format == LakeFormat.Parquet
            ? ["processing-failed", "activePartitionExceeded", ParquetLake.ConversionFailed]
            : ["processing-failed", "activePartitionExceeded"];
    }

    /// <summary>How <c>changes</c> and <c>changes_history</c> read the lake: JSON lines or Parquet, as the stack writes it.</summary>
    public static TableStorage ChangesStorage(TableSettings table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.Format == LakeFormat.Parquet ? TableStorage.Parquet : TableStorage.Json;
    }

    private static readonly HiveType s_string = HiveType.Of("string");
    private static readonly HiveType s_int = HiveType.Of("int");
    private static readonly HiveType s_bigint = HiveType.Of("bigint");

    /// <summary>Glue database names take lowercase letters, digits and underscores: <c>pipeslake_&lt;stack&gt;</c>.</summary>
    public static string Database(string stack) => $"{SettingKeys.Project}_{stack.Replace('-', '_')}";

    /// <summary>The data columns of <c>changes</c>: the key, site and time attributes, the configured columns, the lake's fields.</summary>
    public static IReadOnlyList<LakeColumn> ChangesColumns(TableSettings settings)
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

        if (settings.Format == LakeFormat.Parquet)
        {
            // Conversion keeps only the schema's columns: the whole line goes along as a string.
            columns.Add(new LakeColumn(LakeContract.ItemColumn, s_string));
        }

        return columns;
    }

    /// <summary>The partition columns of <c>changes</c>, one per partition key, lowercase.</summary>
    public static IReadOnlyList<LakeColumn> ChangesPartitions { get; } =
        [.. PartitionKeyNames.All.Select(k => new LakeColumn(k.ToLowerInvariant(), k == PartitionKeyNames.SiteId ? s_string : s_int, k))];

    /// <summary>The partition columns of <c>changes_history</c>: the site and the year, the first two folders of the data prefix.</summary>
    public static IReadOnlyList<LakeColumn> HistoryPartitions { get; } = [.. ChangesPartitions.Take(2)];

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

    /// <summary>
    /// The partition columns of a projected table as Athena projects them: the site <c>injected</c> (every query
    /// names its sites) unless <c>pipeslake:sites</c> lists them (<c>enum</c>), the time parts and error types
    /// over every value the function and Firehose write.
    /// </summary>
    public static IReadOnlyList<ProjectedColumn> Projection(string kind, TableSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ProjectedColumn site = settings.Sites.Count == 0
            ? new ProjectedColumn(SitePartition, ProjectionKind.Injected, [])
            : new ProjectedColumn(SitePartition, ProjectionKind.Enum, settings.Sites);
        return kind switch
        {
            Changes => [site, .. TimeColumns(["year", "month", "day", "hour", "minute"])],
            ChangesHistory => [site, .. TimeColumns(["year"])],
            Errors => [new ProjectedColumn("errortype", ProjectionKind.Enum, ErrorOutputTypes(settings)), .. TimeColumns(["year", "month", "day"])],
            _ => throw new ArgumentException($"'{kind}' is not a projected kind of table.", nameof(kind)),
        };
    }

    /// <summary>Athena partition projection of <c>&lt;table&gt;_changes</c> (Athena User Guide, "Partition projection with Amazon Athena").</summary>
    public static IReadOnlyDictionary<string, string> ChangesProjection(TableSettings settings, string bucketName) =>
        ProjectionParameters(Projection(Changes, settings), Location(bucketName, LakePrefixes.Data(settings)));

    /// <summary>
    /// Athena partition projection of <c>changes_history</c>: the data prefix up to the year. Athena reads every
    /// object under a partition's location, the minute folders below it included (Athena User Guide, "Specify a
    /// table location in Amazon S3": "Athena reads all data stored in the Amazon S3 folder that you specify").
    /// </summary>
    public static IReadOnlyDictionary<string, string> HistoryProjection(TableSettings settings, string bucketName)
    {
        string data = LakePrefixes.Data(settings);
        string year = $"{PartitionKeyNames.Year}=!{{partitionKeyFromLambda:{PartitionKeyNames.Year}}}/";
        return ProjectionParameters(Projection(ChangesHistory, settings), Location(bucketName, data[..(data.IndexOf(year, StringComparison.Ordinal) + year.Length)]));
    }

    /// <summary>Athena partition projection of <c>&lt;table&gt;_errors</c>.</summary>
    public static IReadOnlyDictionary<string, string> ErrorProjection(TableSettings settings, string bucketName) =>
        ProjectionParameters(Projection(Errors, settings), Location(bucketName, LakePrefixes.Error(settings)));

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

    /// <summary>Every column name a configured column may not take.</summary>
    public static IEnumerable<string> FixedColumnNames(TableSettings settings)
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

    private static IEnumerable<ProjectedColumn> TimeColumns(string[] names) =>
        names.Select(name => new ProjectedColumn(name, ProjectionKind.Integer, [], TimeRanges[name].Min, TimeRanges[name].Max, TimeRanges[name].Digits));

    private static Dictionary<string, string> ProjectionParameters(IReadOnlyList<ProjectedColumn> columns, string template)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["projection.enabled"] = "true" };
        foreach (ProjectedColumn column in columns)
        {
            parameters[$"projection.{column.Name}.type"] = column.Kind.ToString().ToLowerInvariant();
            if (column.Kind == ProjectionKind.Enum)
            {
                parameters[$"projection.{column.Name}.values"] = string.Join(",", column.Values);
            }
            else if (column.Kind == ProjectionKind.Integer)
            {
                parameters[$"projection.{column.Name}.range"] = string.Create(CultureInfo.InvariantCulture, $"{column.Min},{column.Max}");
                parameters[$"projection.{column.Name}.digits"] = column.Digits.ToString(CultureInfo.InvariantCulture);
            }
        }

        parameters["storage.location.template"] = template;
        return parameters;
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
