using System.Globalization;
using System.Text;
using PipesLake.Blueprint;

namespace PipesLake.Replay.Query;

/// <summary>The SQL of the views <see cref="LocalLake"/> creates: over a folder's objects, a bucket's, plain, GZIP or Parquet.</summary>
internal sealed partial class LocalLake
{
    /// <summary>A Parquet lake's data table over the bucket: the columns as stored, the partitions from the object's name.</summary>
    private static string BucketParquetView(TableSettings table, string name, string prefix, int depth, IReadOnlyList<LakeColumn> partitions)
    {
        IEnumerable<string> select = QueryTables.ChangesColumns(table).Select(c => Typed(QueryTables.Quote(c.Name), c)).Concat(partitions.Select(FromObjectName));
        return $"CREATE VIEW {name} AS SELECT {string.Join(", ", select)} FROM {ParquetRows(table)}({Literal(prefix)}, {depth + 1})";
    }

    /// <summary>A table over a bucket prefix's objects <paramref name="depth"/> folders down, typed as <see cref="View"/> types it.</summary>
    private static string BucketView(string name, string prefix, int depth, IReadOnlyList<LakeColumn> columns, IReadOnlyList<LakeColumn> partitions, string? fromFolder)
    {
        var select = new List<string>();
        select.AddRange(columns.Select(c => $"{JsonValue(c, "line")} AS {QueryTables.Quote(c.Name)}"));
        // The error type is the folder below the table's under errors/.
        select.AddRange(partitions.Select(p => p.Name == fromFolder ? Typed($"regexp_extract(filename, {Literal($"/{System.Text.RegularExpressions.Regex.Escape(prefix)}([^/]+)/")}, 1)", p) : FromObjectName(p)));
        return $"CREATE VIEW {name} AS SELECT {string.Join(", ", select)} FROM pipeslake_lines({Literal(prefix)}, {depth + 1})";
    }

    /// <summary>
    /// A view over <paramref name="folder"/>'s objects <paramref name="depth"/> folders down. Hive folders
    /// (<c>key=value</c>) fill the partition columns, except <paramref name="fromFolder"/>, which is the first
    /// folder's plain name (<c>errors/&lt;table&gt;/processing-failed/…</c>). An empty lake gives an empty view.
    /// </summary>
    private static string View(string name, string folder, int depth, IReadOnlyList<LakeColumn> columns, IReadOnlyList<LakeColumn> partitions, string? fromFolder)
    {
        var select = new List<string>();
        select.AddRange(columns.Select(c => Typed(QueryTables.Quote(c.JsonKey), c)));
        // The error type is the folder below the table's: the folder itself ends in it.
        select.AddRange(partitions.Select(p => p.Name == fromFolder
            ? Typed($"regexp_extract(filename, {Literal($"{System.Text.RegularExpressions.Regex.Escape(folder)}[/\\\\]([^/\\\\]+)[/\\\\]")}, 1)", p)
            : Typed(QueryTables.Quote(p.JsonKey), p)));
        LakeObjects objects = LakeObjects.In(folder, depth + 1);
        if (objects.Gzip.Count + objects.Plain.Count == 0)
        {
            return EmptyView(name, columns.Concat(partitions));
        }

        string jsonColumns = string.Join(", ", columns.Select(c => $"{Literal(c.JsonKey)}: {Literal(c.Type.ToDuckDb())}"));
        string hiveTypes = HiveTypes(partitions.Where(p => p.Name != fromFolder));
        // Error records name a field errorCode or ErrorCode by their kind (Firehose Developer Guide, "Data transformation
        // failure handling" and "Handling errors for data format conversion"); Athena's OpenX SerDe, case.insensitive, reads
        // both, so the errors table reads each line as an object and takes either spelling.
        IEnumerable<string> objectSelect = columns.Select(c => $"{JsonValue(c, "json")} AS {QueryTables.Quote(c.Name)}")
            .Concat(select.Skip(columns.Count));
        string Source(string files, string compression) => fromFolder is not null
            ? $"SELECT {string.Join(", ", objectSelect)} FROM read_ndjson_objects({files}, compression = '{compression}', hive_partitioning = true, hive_types = {{{hiveTypes}}}, filename = true)"
            : new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"SELECT {string.Join(", ", select)} FROM read_json({files}, format = 'newline_delimited', compression = '{compression}', hive_partitioning = true")
                .Append(CultureInfo.InvariantCulture, $", columns = {{{jsonColumns}}}, hive_types = {{{hiveTypes}}})")
                .ToString();
        if (objects.NamedByContent)
        {
            // Every name says its compression: one glob, as Athena reads the prefix.
            return $"CREATE VIEW {name} AS {Source(Literal(Path.Combine([folder, .. Enumerable.Repeat("*", depth + 1)])), "auto_detect")}";
        }

        // Objects whose names do not say their compression (Firehose may write such error objects): listed by content.
        IEnumerable<string> parts = new[] { (objects.Gzip, "gzip"), (objects.Plain, "none") }
            .Where(p => p.Item1.Count > 0)
            .Select(p => Source($"[{string.Join(", ", p.Item1.Select(Literal))}]", p.Item2));
        return $"CREATE VIEW {name} AS {string.Join(" UNION ALL ", parts)}";
    }

    /// <summary>
    /// A view over a Parquet lake's data objects: the columns by their Glue names, as conversion writes them; the
    /// partition columns from the hive folders. An empty lake gives an empty view.
    /// </summary>
    private static string ParquetView(string name, string folder, int depth, IReadOnlyList<LakeColumn> columns, IReadOnlyList<LakeColumn> partitions)
    {
        string glob = Path.Combine([folder, .. Enumerable.Repeat("*", depth), "*" + ParquetConversion.Extension]);
        IEnumerable<string> select = columns.Select(c => Typed(QueryTables.Quote(c.Name), c)).Concat(partitions.Select(p => Typed(QueryTables.Quote(p.JsonKey), p)));
        if (!Directory.Exists(folder) || !Directory.EnumerateFiles(folder, "*" + ParquetConversion.Extension, SearchOption.AllDirectories).Any())
        {
            return EmptyView(name, columns.Concat(partitions));
        }

        return $"CREATE VIEW {name} AS SELECT {string.Join(", ", select)} FROM read_parquet({Literal(glob)}, hive_partitioning = true, hive_types = {{{HiveTypes(partitions)}}})";
    }

    /// <summary>
    /// A column's value from a JSON object column: its key as written, or else with its first letter in the other case
    /// (<c>errorCode</c>, <c>ErrorCode</c>), typed as the table types it.
    /// </summary>
    private static string JsonValue(LakeColumn column, string json)
    {
        string key = column.JsonKey;
        string other = key.Length == 0 ? key : (char.IsUpper(key[0]) ? char.ToLowerInvariant(key[0]) : char.ToUpperInvariant(key[0])) + key[1..];
        string[] keys = other == key ? [key] : [key, other];
        bool text = column.Type.ToDuckDb() == "VARCHAR";
        string[] values = [.. keys.Select(k => text ? $"json_extract_string({json}, {Literal($"$.\"{k}\"")})" : $"json_extract({json}, {Literal($"$.\"{k}\"")})")];
        string value = values.Length == 1 ? values[0] : $"coalesce({string.Join(", ", values)})";
        return text ? value : $"CAST({value} AS {column.Type.ToDuckDb()})";
    }

    /// <summary>A view column: <paramref name="expression"/> cast to the column's type, under its name.</summary>
    private static string Typed(string expression, LakeColumn column) => $"CAST({expression} AS {column.Type.ToDuckDb()}) AS {QueryTables.Quote(column.Name)}";

    /// <summary>A partition column read from an object's name (<c>/key=value/</c>), for objects read through a table function.</summary>
    private static string FromObjectName(LakeColumn partition) => Typed($"regexp_extract(filename, {Literal($"/{partition.JsonKey}=([^/]+)/")}, 1)", partition);

    /// <summary>The types of hive partition folders, as DuckDB's readers take them.</summary>
    private static string HiveTypes(IEnumerable<LakeColumn> partitions) => string.Join(", ", partitions.Select(p => $"{Literal(p.JsonKey)}: {Literal(p.Type.ToDuckDb())}"));

    /// <summary>A view of the columns' names and types with no rows: a table whose prefix holds no object yet.</summary>
    private static string EmptyView(string name, IEnumerable<LakeColumn> columns) =>
        $"CREATE VIEW {name} AS SELECT {string.Join(", ", columns.Select(c => Typed("NULL", c)))} WHERE false";

    private static string Literal(string text) => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'";
}
