using System.Globalization;
using System.Text;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using PipesLake.Blueprint;

namespace PipesLake.Replay.Conversion;

/// <summary>
/// What the delivery stream's record format conversion does to a Parquet lake's lines, on this machine: each line's
/// keys are matched to the <c>changes</c> columns without regard to case (OpenX JSON SerDe), each value read as its
/// column's type, and the lines of one object written as one SNAPPY Parquet file with those columns. A line whose
/// value does not fit its column is refused, as Firehose refuses it to <c>errors/format-conversion-failed/</c>.
/// Keys no column names are dropped, as conversion drops them; the <c>_item</c> column keeps them.
/// </summary>
internal sealed partial class ParquetConversion
{
    private readonly ParquetColumn[] _columns;
    private readonly Dictionary<string, int> _byKey = new(StringComparer.OrdinalIgnoreCase);
    private readonly ParquetSchema _schema;

    private ParquetConversion(ParquetColumn[] columns)
    {
        _columns = columns;
        for (int i = 0; i < columns.Length; i++)
        {
            _byKey[columns[i].JsonKey] = i;
        }

        _schema = new ParquetSchema(columns.Select(Field));
    }

    /// <summary>The conversion of a table of a Parquet stack's lake (its <c>changes</c> columns), or null for a JSON lake.</summary>
    /// <exception cref="ReplayException">A column of a type the offline writer does not write, named.</exception>
    public static ParquetConversion? For(TableSettings settings)
    {
        if (settings.Format != LakeFormat.Parquet)
        {
            return null;
        }

        IReadOnlyList<LakeColumn> columns = QueryTables.ChangesColumns(settings);
        LakeColumn[] unsupported = [.. columns.Where(c => ParquetColumn.Of(c) is null)];
        return unsupported.Length == 0
            ? new ParquetConversion([.. columns.Select(c => ParquetColumn.Of(c)!)])
            : throw new ReplayException($"{TableFields.Columns} of the table {settings.Name}: {string.Join(", ", unsupported.Select(c => $"'{c.Name}' is {c.Type}"))}; the offline tools write Parquet columns of string, varchar, char, bigint, int, smallint, tinyint, double, float and boolean only so far.");
    }

    /// <summary>The column names, in order.</summary>
    public IEnumerable<string> Names => _columns.Select(c => c.Name);

    /// <summary>Why a line would not convert, or null when it converts.</summary>
    public string? Problem(ReadOnlySpan<byte> line) => Read(line, new object?[_columns.Length]);

    /// <summary>What a Parquet data object's name ends in.</summary>
    public const string Extension = ".parquet";

    /// <summary>
    /// Puts a data object's lines into the lake as one Parquet object under <paramref name="key"/> and <c>.parquet</c>
    /// (and <paramref name="identity"/>, when given, with the same ending), as <see cref="IObjectStore.Put"/> does.
    /// </summary>
    public (LakeWrite Outcome, long Bytes) Put(IObjectStore lake, string key, ReadOnlySpan<byte> lines, string? identity = null)
    {
        using var parquet = new MemoryStream();
        Write(lines, parquet);
        return lake.Put(key + Extension, parquet, gzip: false, identity is null ? null : identity + Extension);
    }

    /// <summary>Writes the lines of <paramref name="ndjson"/> (each one converts; see <see cref="Problem"/>) as one Parquet file.</summary>
    public void Write(ReadOnlySpan<byte> ndjson, Stream output)
    {
        var rows = new List<object?[]>();
        while (!ndjson.IsEmpty)
        {
            int end = ndjson.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = end < 0 ? ndjson : ndjson[..end];
            ndjson = end < 0 ? [] : ndjson[(end + 1)..];
            if (line.IsEmpty)
            {
                continue;
            }

            var row = new object?[_columns.Length];
            if (Read(line, row) is { } problem)
            {
                throw new InvalidOperationException($"a line that does not convert reached the Parquet writer: {problem}");
            }

            rows.Add(row);
        }

        WriteAsync(rows, output).GetAwaiter().GetResult();
    }

    private async Task WriteAsync(List<object?[]> rows, Stream output)
    {
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(_schema, output, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }).ConfigureAwait(false);
        using ParquetRowGroupWriter group = writer.CreateRowGroup();
        DataField[] fields = _schema.GetDataFields();
        for (int i = 0; i < _columns.Length; i++)
        {
            int column = i;
            switch (_columns[i].Kind)
            {
                case ParquetKind.Text:
                    await group.WriteAsync(fields[i], rows.Select(r => (string)r[column]!).ToArray()).ConfigureAwait(false);
                    break;
                case ParquetKind.Int64:
                    await group.WriteAsync<long>(fields[i], rows.Select(r => (long?)r[column]).ToArray()).ConfigureAwait(false);
                    break;
                case ParquetKind.Int32:
                    await group.WriteAsync<int>(fields[i], rows.Select(r => (int?)r[column]).ToArray()).ConfigureAwait(false);
                    break;
                case ParquetKind.Double:
                    await group.WriteAsync<double>(fields[i], rows.Select(r => (double?)r[column]).ToArray()).ConfigureAwait(false);
                    break;
                default:
                    await group.WriteAsync<bool>(fields[i], rows.Select(r => (bool?)r[column]).ToArray()).ConfigureAwait(false);
                    break;
            }
        }
    }

    private static DataField Field(ParquetColumn column) => column.Kind switch
    {
        ParquetKind.Text => new DataField<string>(column.Name, true),
        ParquetKind.Int64 => new DataField<long?>(column.Name),
        ParquetKind.Int32 => new DataField<int?>(column.Name),
        ParquetKind.Double => new DataField<double?>(column.Name),
        _ => new DataField<bool?>(column.Name),
    };

    private string? Read(ReadOnlySpan<byte> line, object?[] row)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "the line is not a JSON object";
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string key = reader.GetString()!;
                reader.Read();
                if (!_byKey.TryGetValue(key, out int index))
                {
                    reader.Skip();
                    continue;
                }

                if (Value(ref reader, line, _columns[index], out row[index]) is { } problem)
                {
                    return $"column '{_columns[index].Name}' ({_columns[index].Type}): {problem}";
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return "the line is not well-formed JSON";
        }
    }

    private static string? Value(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, ParquetColumn column, out object? value)
    {
        value = null;
        JsonTokenType token = reader.TokenType;
        if (token == JsonTokenType.Null)
        {
            return null;
        }

        switch (column.Kind)
        {
            case ParquetKind.Text:
                if (token == JsonTokenType.String)
                {
                    value = reader.GetString();
                    return null;
                }

                int start = (int)reader.TokenStartIndex;
                reader.Skip();
                value = Encoding.UTF8.GetString(line[start..(int)reader.BytesConsumed]);
                return null;
            case ParquetKind.Int64 or ParquetKind.Int32:
                long whole;
                if (!(token == JsonTokenType.Number ? reader.TryGetInt64(out whole)
                    : token == JsonTokenType.String && long.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out whole)))
                {
                    return "not a whole number";
                }

                (long min, long max) = column.Range;
                if (whole < min || whole > max)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"{whole} is out of range");
                }

                value = column.Kind == ParquetKind.Int64 ? whole : (object)(int)whole;
                return null;
            case ParquetKind.Double:
                if (!(token == JsonTokenType.Number ? reader.TryGetDouble(out double number)
                    : token == JsonTokenType.String && double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number)))
                {
                    return "not a number";
                }

                value = number;
                return null;
            default:
                value = token switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    JsonTokenType.String when string.Equals(reader.GetString(), "true", StringComparison.OrdinalIgnoreCase) => true,
                    JsonTokenType.String when string.Equals(reader.GetString(), "false", StringComparison.OrdinalIgnoreCase) => false,
                    _ => null,
                };
                if (value is null)
                {
                    if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        reader.Skip();
                    }

                    return "not true or false";
                }

                return null;
        }
    }
}
