using System.Buffers;
using System.Text.Json;
using PipesLake.Blueprint;

namespace PipesLake.Replay.Conversion;

/// <summary>
/// Sends a table's data line that would not convert where Firehose sends it: under <c>errors/&lt;table&gt;/format-conversion-failed/</c>, as
/// the JSON document the Firehose Developer Guide gives ("Handling errors for data format conversion": <c>ErrorCode</c>
/// and <c>ErrorMessage</c> capitalised, <c>rawData</c> the line in base64, the schema's <c>dataCatalogTable</c>). The
/// code and message are this tool's own words; AWS documents the fields, not their values.
/// </summary>
internal sealed class ConversionCheck
{
    /// <summary>The <c>ErrorCode</c> of a line whose value does not fit its column, or that is not a JSON object.</summary>
    public const string Code = "DataFormatConversion.ValueDoesNotFitSchema";

    private readonly ParquetConversion _conversion;
    private readonly long _arrival;
    private readonly string _database;
    private readonly string _region;
    private readonly TableSettings _table;
    private readonly string _glueTable;

    public ConversionCheck(ParquetConversion conversion, DateTimeOffset arrival, LakeSettings settings, TableSettings table)
    {
        _conversion = conversion;
        _arrival = arrival.ToUnixTimeMilliseconds();
        _database = QueryTables.Database(settings.Stack);
        _region = settings.Region;
        _table = table;
        _glueTable = QueryTables.Name(table, QueryTables.Changes);
        ErrorPrefix = ErrorPrefixAt(table, _arrival);
    }

    /// <summary>The check of a table of a Parquet stack's lake, or null for a JSON lake.</summary>
    /// <exception cref="ReplayException">A column the offline writer does not write (<see cref="ParquetConversion.For"/>).</exception>
    public static ConversionCheck? For(LakeSettings settings, TableSettings table, DateTimeOffset arrival) =>
        ParquetConversion.For(table) is { } conversion ? new ConversionCheck(conversion, arrival, settings, table) : null;

    /// <summary>The conversion the data objects are written with.</summary>
    public ParquetConversion Conversion => _conversion;

    /// <summary>Where refused lines go: the error prefix of the arrival's day.</summary>
    public string ErrorPrefix { get; }

    /// <summary>The table's error prefix of another arrival's day (a redriven record keeps its own arrival).</summary>
    public string ErrorPrefixOf(long arrival) => ErrorPrefixAt(_table, arrival);

    private static string ErrorPrefixAt(TableSettings table, long arrival) =>
        PrefixExpression.Parse(LakePrefixes.Error(table)).Evaluate(null, DateTimeOffset.FromUnixTimeMilliseconds(arrival), ParquetLake.ConversionFailed, new Random(1));

    /// <summary>
    /// False for a line that converts, or one not under <c>data/</c>; true with the error record (and its newline) in
    /// <paramref name="error"/> for one that does not, stamped with the run's arrival.
    /// </summary>
    public bool Refuses(string prefix, ReadOnlySpan<byte> line, ArrayBufferWriter<byte> error) => Refuses(prefix, line, error, _arrival);

    /// <summary>As <see cref="Refuses(string, ReadOnlySpan{byte}, ArrayBufferWriter{byte})"/>, stamped with <paramref name="arrival"/> (Unix milliseconds).</summary>
    public bool Refuses(string prefix, ReadOnlySpan<byte> line, ArrayBufferWriter<byte> error, long arrival)
    {
        if (!prefix.StartsWith(_table.DataRoot, StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<byte> json = line.EndsWith("\n"u8) ? line[..^1] : line;
        if (_conversion.Problem(json) is not { } problem)
        {
            return false;
        }

        error.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(error))
        {
            writer.WriteStartObject();
            writer.WriteNumber("attemptsMade", 1);
            writer.WriteNumber("arrivalTimestamp", arrival);
            writer.WriteString("ErrorCode", Code);
            writer.WriteString("ErrorMessage", problem);
            writer.WriteNumber("attemptEndingTimestamp", arrival);
            writer.WriteBase64String("rawData", json);
            writer.WriteStartObject("dataCatalogTable");
            writer.WriteString("databaseName", _database);
            writer.WriteString("tableName", _glueTable);
            writer.WriteString("region", _region);
            writer.WriteString("versionId", "LATEST");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        error.Write("\n"u8);
        return true;
    }
}
