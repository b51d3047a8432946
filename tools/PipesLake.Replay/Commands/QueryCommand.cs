using System.Collections;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using PipesLake.Blueprint;
using Spectre.Console;

namespace PipesLake.Replay.Commands;

/// <summary><c>query "&lt;sql&gt;" --lake &lt;dir&gt;</c>: SQL over a replayed lake, with the stack's tables and views.</summary>
internal static class QueryCommand
{
    public static Command Create(ToolConsole console)
    {
        var sql = new Argument<string>("sql") { Description = "One SELECT over the lake's tables as Glue defines them, each table's <table>_changes, <table>_changes_history, <table>_errors and the views <table>_changes_current and <table>_changes_unique (e.g. orders_changes)." };
        var lake = new LakeOptions("The lake: a folder a replay, redrive or backfill wrote, or the lake bucket s3://bucket/ (read where it is).", writes: false);
        var format = new Option<string>("--format") { Description = "table, csv or json (one object a line).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var local = new Option<bool>("--ignore-athena-rules") { Description = "Run a query Athena would refuse (an injected siteid without static equality), here only." };
        var command = new Command("query", "Run SQL on a lake with the tables, columns and views the stack defines in Glue, and say what Athena would do with it.") { sql };
        lake.AddTo(command);
        command.Options.Add(format);
        command.Options.Add(local);
        command.SetAction(result => CommandErrors.Run(console, () =>
        {
            LakeArguments at = lake.Bind(result);
            // Read-only: a folder is not a lake store (which would make the folder), a bucket is read where it is.
            using Amazon.S3.IAmazonS3? client = at.Bucket is not null ? at.Connect() : null;
            using LocalLake lakeTables = client is null ? new LocalLake(at.Folder!, at.Settings) : new LocalLake(new S3Lake(client, at.Bucket!, kmsKeyId: null), at.Settings);
            var athena = new List<string>();
            foreach (ProjectionVerdict verdict in lakeTables.Athena(result.GetValue(sql)!))
            {
                if (verdict.Refusal is not null && !result.GetValue(local))
                {
                    throw new ReplayException($"{verdict} Name the sites with siteid = '…' or IN (…) (docs/operations.md, \"Query the lake\"), or pass --ignore-athena-rules to run it here only.");
                }

                athena.Add(verdict.Partitions > AthenaProjection.PartitionBound
                    ? $"pipeslake-replay: {verdict}: more than {AthenaProjection.PartitionBound:N0}; bound the time partitions (docs/operations.md, \"Query the lake\")."
                    : $"pipeslake-replay: {verdict.ToString().TrimEnd('.')}.");
            }

            string output = lakeTables.Query(result.GetValue(sql)!, reader => result.GetValue(format) switch
            {
                "csv" => Csv(reader),
                "json" => JsonLines(reader),
                _ => Table(reader),
            });
            console.Out.Write(output);
            // After the rows, so a query DuckDB cannot run prints only its own error.
            athena.ForEach(console.Error.WriteLine);
            return 0;
        }));
        return command;
    }

    /// <summary>A text table, as the README shows it.</summary>
    internal static string Table(DuckDBDataReader reader)
    {
        var table = new Table();
        for (int i = 0; i < reader.FieldCount; i++)
        {
            table.AddColumn(Markup.Escape(reader.GetName(i)));
        }

        while (reader.Read())
        {
            table.AddRow([.. Enumerable.Range(0, reader.FieldCount).Select(i => Markup.Escape(Text(reader.GetValue(i))))]);
        }

        var writer = new StringWriter(CultureInfo.InvariantCulture);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;
        console.Write(table);
        return writer.ToString();
    }

    /// <summary>RFC 4180 CSV with a header row.</summary>
    internal static string Csv(DuckDBDataReader reader)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', Enumerable.Range(0, reader.FieldCount).Select(i => Quote(reader.GetName(i)))).Append("\r\n");
        while (reader.Read())
        {
            csv.AppendJoin(',', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? string.Empty : Quote(Text(reader.GetValue(i))))).Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>One JSON object a row; lists, maps and structs as JSON arrays and objects.</summary>
    internal static string JsonLines(DuckDBDataReader reader)
    {
        var lines = new StringBuilder();
        while (reader.Read())
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                for (int i = 0; i < reader.FieldCount; i++)
                {
                    writer.WritePropertyName(reader.GetName(i));
                    Json(writer, reader.IsDBNull(i) ? null : reader.GetValue(i));
                }

                writer.WriteEndObject();
            }

            lines.Append(Encoding.UTF8.GetString(buffer.ToArray())).Append('\n');
        }

        return lines.ToString();
    }

    private static void Json(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null or DBNull:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case IDictionary map:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    writer.WritePropertyName(Text(entry.Key));
                    Json(writer, entry.Value);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable list and not byte[]:
                writer.WriteStartArray();
                foreach (object? item in list)
                {
                    Json(writer, item);
                }

                writer.WriteEndArray();
                break;
            case sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal or System.Numerics.BigInteger:
                writer.WriteRawValue(Text(value));
                break;
            default:
                writer.WriteStringValue(Text(value));
                break;
        }
    }

    private static string Text(object? value) => value switch
    {
        null or DBNull => string.Empty,
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.'),
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}
