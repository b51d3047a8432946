using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using PipesLake.Blueprint;

namespace PipesLake.Replay.Query;

/// <summary>
/// A replayed lake as Athena sees the deployed one: DuckDB views named, typed and partitioned from the same
/// <see cref="QueryTables"/> definitions as the Glue tables, over the lake folder's plain and GZIP objects,
/// and the very <c>changes_current</c> SQL the stack stores in Glue. In memory; nothing is written to the lake.
/// </summary>
internal sealed partial class LocalLake : IDisposable
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

    /// <summary>Each table's five, under the names Glue gives them (<see cref="QueryTables.Name"/>).</summary>
    private void CreateViews(Func<TableSettings, string, string, int, IReadOnlyList<LakeColumn>, IReadOnlyList<LakeColumn>, string?, string> view)
    {
        foreach (TableSettings table in _settings.Tables)
        {
            LakeColumn[] changes = [.. QueryTables.ChangesColumns(table)];
            Execute(view(table, QueryTables.Name(table, QueryTables.Changes), table.DataRoot, 6, changes, QueryTables.ChangesPartitions, null));
            Execute(view(table, QueryTables.Name(table, QueryTables.ChangesHistory), table.DataRoot, 6, changes, QueryTables.HistoryPartitions, null));
            Execute(view(table, QueryTables.Name(table, QueryTables.Errors), table.ErrorRoot, 4, QueryTables.ErrorColumns, QueryTables.ErrorPartitions, "errortype"));
            Execute($"CREATE VIEW {QueryTables.Name(table, QueryTables.ChangesCurrent)} AS {QueryTables.CurrentViewSql(table)}");
            Execute($"CREATE VIEW {QueryTables.Name(table, QueryTables.ChangesUnique)} AS {QueryTables.UniqueViewSql(table)}");
        }
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

    private static string FirstLine(string message) => message.ReplaceLineEndings("\n").Split('\n')[0];
}
