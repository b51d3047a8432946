using System.Globalization;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using PipesLake.Blueprint;

namespace PipesLake.Replay.Lake;

/// <summary>
/// A replayed lake as Athena sees the deployed one: DuckDB views named, typed and partitioned from the same
/// <see cref="QueryTables"/> definitions as the Glue tables, over the lake folder's plain and GZIP objects,
/// and the very <c>changes_current</c> SQL the stack stores in Glue. In memory; nothing is written to the lake.
/// </summary>
internal sealed class LocalLake : IDisposable
{
    private readonly DuckDBConnection _connection = new("DataSource=:memory:");
    private readonly LakeSettings _settings;
    // Why the place given is no lake (a folder or prefix without data/, errors/ or the tools' state), refused once the
    // query is known to be one SELECT; null for a lake.
    private readonly string? _notALake;
    private static readonly string[] s_lakeFolders = [LakePrefixes.DataRoot, LakePrefixes.ErrorRoot, LakePrefixes.HandledErrorRoot, LakePrefixes.ToolStateRoot];

    public LocalLake(string lakeRoot, LakeSettings settings)
    {
        _settings = Tables(settings, root => Directory.Exists(Path.Combine(lakeRoot, root)) ? Directory.EnumerateDirectories(Path.Combine(lakeRoot, root)).Select(Path.GetFileName).OfType<string>() : []);
        if (!Directory.Exists(lakeRoot))
        {
            throw new ReplayException($"cannot read the lake '{lakeRoot}': no such folder.");
        }

        if (!s_lakeFolders.Any(f => Directory.Exists(Path.Combine(lakeRoot, f))))
        {
            _notALake = $"'{lakeRoot}' is not a lake: it holds none of {string.Join(", ", s_lakeFolders)}; pass the folder a replay, backfill or redrive wrote.";
        }

        _connection.Open();
        // Files under the lake only, whatever a query asks (DuckDB: enable_external_access with allowed_directories).
        Execute($"SET allowed_directories = [{Literal(Path.TrimEndingDirectorySeparator(lakeRoot) + Path.DirectorySeparatorChar)}]");
        Execute("SET enable_external_access = false");
        CreateViews((table, name, prefix, depth, columns, partitions, fromFolder) => table.Format == LakeFormat.Parquet && prefix == table.DataRoot
            ? ParquetView(name, Path.Combine(lakeRoot, prefix.TrimEnd('/')), depth, columns, partitions)
            : View(name, Path.Combine(lakeRoot, prefix.TrimEnd('/')), depth, columns, partitions, fromFolder));
    }

    /// <summary>
    /// The same tables over a lake in a bucket, read where it is: a table function streams the lines of the objects
    /// under each table's prefix, object by object, and the views type them as the folder views do. Nothing is
    /// copied to disk; each query reads the objects it scans.
    /// </summary>
    public LocalLake(S3Lake lake, LakeSettings settings)
    {
        _settings = Tables(settings, root => lake.Folders(lake.Root.Prefix + root));
        // One listing per folder a lake has: an unreachable endpoint or a missing bucket fails here, in one line.
        if (!s_lakeFolders.Any(f => lake.List(lake.Root.Prefix + f).Any()))
        {
            _notALake = $"{lake.Root} is not a lake: nothing is under {string.Join(", ", s_lakeFolders)} there; pass the lake bucket (and prefix) the stack delivers to.";
        }

        _connection.Open();
        Execute("SET enable_external_access = false");
        _connection.RegisterTableFunction<string, int>("pipeslake_lines", parameters =>
        {
            string prefix = parameters[0].GetValue<string>();
            int depth = parameters[1].GetValue<int>();
            return new TableFunction([new ColumnInfo("filename", typeof(string)), new ColumnInfo("line", typeof(string))], Lines(lake, prefix, depth));
        }, (row, writers, index) =>
        {
            var (filename, line) = ((string, string))row!;
            writers[0].WriteValue(filename, index);
            writers[1].WriteValue(line, index);
        });
        foreach (TableSettings table in _settings.Tables)
        {
            if (ParquetConversion.For(table) is { } parquet)
            {
                RegisterParquetRows(lake, parquet, ParquetRows(table));
            }
        }

        CreateViews((table, name, prefix, depth, columns, partitions, fromFolder) => table.Format == LakeFormat.Parquet && prefix == table.DataRoot
            ? BucketParquetView(table, name, prefix, depth, partitions)
            : BucketView(name, prefix, depth, columns, partitions, fromFolder));
    }

    /// <summary>
    /// The settings with the tables to show: the stack's; without a stack file (<see cref="LakeSettings.AnyTable"/>), every
    /// table whose folder is under <c>data/</c> or <c>errors/</c>, with the defaults.
    /// </summary>
    private static LakeSettings Tables(LakeSettings settings, Func<string, IEnumerable<string>> folders) =>
        !settings.AnyTable ? settings : settings with
        {
            Tables = [.. folders(LakePrefixes.DataRoot).Concat(folders(LakePrefixes.ErrorRoot)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(name => settings.Table(name)).OfType<TableSettings>()],
        };

    /// <summary>The table function that reads one table's Parquet objects in a bucket: each table has its own columns.</summary>
    private static string ParquetRows(TableSettings table) => $"pipeslake_parquet_{table.GlueName}";

    /// <summary>
    /// <c>pipeslake_parquet_&lt;table&gt;(prefix, levels)</c>: the rows of every Parquet object that many folders below the
    /// prefix, read where they are, one object at a time, with its s3:// name.
    /// </summary>
    private void RegisterParquetRows(S3Lake lake, ParquetConversion parquet, string function)
    {
        (string Name, Type Type)[] columns = [.. parquet.Columns];
        _connection.RegisterTableFunction<string, int>(function, parameters =>
        {
            string root = lake.Root.Prefix + parameters[0].GetValue<string>();
            int levels = parameters[1].GetValue<int>();
            IEnumerable<object?[]> rows = lake.List(root)
                .Where(o => o.Key.EndsWith(ParquetConversion.Extension, StringComparison.Ordinal) && o.Key[root.Length..].Split('/').Length == levels)
                .SelectMany(o => lake.Read(o.Key) is { } stored
                    ? parquet.Rows(new MemoryStream(stored.Bytes, writable: false)).Select(row => (object?[])[$"s3://{lake.Root.Bucket}/{o.Key}", .. row])
                    : []);
            return new TableFunction([new ColumnInfo("filename", typeof(string)), .. columns.Select(c => new ColumnInfo(c.Name, c.Type))], rows);
        }, (row, writers, index) =>
        {
            var values = (object?[])row!;
            for (int i = 0; i < values.Length; i++)
            {
                switch (values[i])
                {
                    case null: writers[i].WriteNull(index); break;
                    case string text: writers[i].WriteValue(text, index); break;
                    case long whole: writers[i].WriteValue(whole, index); break;
                    case int small: writers[i].WriteValue(small, index); break;
                    case double number: writers[i].WriteValue(number, index); break;
                    case bool flag: writers[i].WriteValue(flag, index); break;
                }
            }
        });
    }

    /// <summary>A Parquet lake's data table over the bucket: the columns as stored, the partitions from the object's name.</summary>
    private static string BucketParquetView(TableSettings table, string name, string prefix, int depth, IReadOnlyList<LakeColumn> partitions)
    {
        IEnumerable<string> select = QueryTables.ChangesColumns(table).Select(c => Typed(QueryTables.Quote(c.Name), c)).Concat(partitions.Select(FromObjectName));
        return $"CREATE VIEW {name} AS SELECT {string.Join(", ", select)} FROM {ParquetRows(table)}({Literal(prefix)}, {depth + 1})";
    }

    /// <summary>Runs one SELECT statement and hands its reader to <paramref name="read"/>.</summary>
    /// <exception cref="ReplayException">The SQL is not one valid SELECT, or names an unknown table or column: one line.</exception>
    public T Query<T>(string sql, Func<DuckDBDataReader, T> read)
    {
        Parse(sql).Dispose();
        using DuckDBCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            using DuckDBDataReader reader = command.ExecuteReader();
            return read(reader);
        }
        catch (DuckDBException e)
        {
            throw new ReplayException(FirstLine(e.Message), e);
        }
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>Each table's four, under the names Glue gives them (<see cref="QueryTables.Name"/>).</summary>
    private void CreateViews(Func<TableSettings, string, string, int, IReadOnlyList<LakeColumn>, IReadOnlyList<LakeColumn>, string?, string> view)
    {
        foreach (TableSettings table in _settings.Tables)
        {
            LakeColumn[] changes = [.. QueryTables.ChangesColumns(table)];
            Execute(view(table, QueryTables.Name(table, QueryTables.Changes), table.DataRoot, 6, changes, QueryTables.ChangesPartitions, null));
            Execute(view(table, QueryTables.Name(table, QueryTables.ChangesHistory), table.DataRoot, 6, changes, QueryTables.HistoryPartitions, null));
            Execute(view(table, QueryTables.Name(table, QueryTables.Errors), table.ErrorRoot, 4, QueryTables.ErrorColumns, QueryTables.ErrorPartitions, "errortype"));
            Execute($"CREATE VIEW {QueryTables.Name(table, QueryTables.ChangesCurrent)} AS {QueryTables.CurrentViewSql(table)}");
        }
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

    /// <summary>The lines of every object <paramref name="levels"/> folders below <paramref name="prefix"/> of the lake, with its s3:// name.</summary>
    private static IEnumerable<(string, string)> Lines(S3Lake lake, string prefix, int levels)
    {
        string root = lake.Root.Prefix + prefix;
        foreach ((string key, _) in lake.List(root))
        {
            if (key[root.Length..].Split('/').Length != levels || lake.Read(key) is not { } stored)
            {
                continue;
            }

            using var reader = new StreamReader(LakeFolder.OpenRead(new MemoryStream(stored.Bytes, writable: false)));
            string filename = $"s3://{lake.Root.Bucket}/{key}";
            while (reader.ReadLine() is { } line)
            {
                if (line.Length > 0)
                {
                    yield return (filename, line);
                }
            }
        }
    }

    /// <summary>What Athena does with each scan of a projected table in <paramref name="sql"/>: <see cref="AthenaScans"/>.</summary>
    /// <exception cref="ReplayException">The SQL is not one valid SELECT: one line.</exception>
    public IReadOnlyList<ProjectionVerdict> Athena(string sql)
    {
        using JsonDocument parsed = Parse(sql);
        return AthenaScans.Of(parsed.RootElement.GetProperty("statements")[0], _settings);
    }

    /// <summary>
    /// One SELECT (with or without WITH), nothing else: the lake is read-only here, as it is to Athena's readers.
    /// DuckDB's own parser decides, through <c>json_serialize_sql</c>, which serializes SELECT statements only.
    /// </summary>
    private JsonDocument Parse(string sql)
    {
        using DuckDBCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT json_serialize_sql(CAST($sql AS VARCHAR))";
        command.Parameters.Add(new DuckDBParameter("sql", sql));
        JsonDocument parsed = JsonDocument.Parse((string)command.ExecuteScalar()!);
        try
        {
            JsonElement root = parsed.RootElement;
            if (root.GetProperty("error").GetBoolean())
            {
                string message = root.TryGetProperty("error_message", out JsonElement text) ? text.GetString() ?? string.Empty : string.Empty;
                string type = root.TryGetProperty("error_type", out JsonElement kind) ? kind.GetString() ?? string.Empty : string.Empty;
                throw new ReplayException(type == "not implemented"
                    ? "query runs one SELECT statement; the lake is read-only."
                    : FirstLine($"{CultureInfo.InvariantCulture.TextInfo.ToTitleCase(type)} Error: {message}"));
            }

            int statements = root.GetProperty("statements").GetArrayLength();
            if (statements != 1)
            {
                throw new ReplayException(statements == 0 ? "query needs one SELECT statement; got none." : $"query runs one SELECT statement at a time; got {statements}.");
            }

            // A place that is no lake has no tables to name: say so before naming what the query may read.
            if (_notALake is { } why)
            {
                throw new ReplayException(why);
            }

            QueryGuard.Check(root.GetProperty("statements")[0], _settings);

            return parsed;
        }
        catch
        {
            parsed.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A view over <paramref name="folder"/>'s objects <paramref name="depth"/> folders down. Hive folders
    /// (<c>key=value</c>) fill the partition columns, except <paramref name="fromFolder"/>, which is the first
    /// folder's plain name (<c>errors/processing-failed/…</c>). An empty lake gives an empty view.
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

    private void Execute(string sql)
    {
        using DuckDBCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            command.ExecuteNonQuery();
        }
        catch (DuckDBException e)
        {
            throw new ReplayException($"cannot read the lake: {FirstLine(e.Message)}", e);
        }
    }

    private static string Literal(string text) => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'";

    private static string FirstLine(string message) => message.ReplaceLineEndings("\n").Split('\n')[0];
}
