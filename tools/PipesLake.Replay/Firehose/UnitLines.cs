using System.Buffers;

namespace PipesLake.Replay.Firehose;

/// <summary>
/// The lines one worker makes of one unit of the input (a batch of stream records, an export data file), each with
/// its partition's prefix, in the order they were made. Every <see cref="PartBytes"/> they go to the
/// <see cref="PartitionSorter"/> as one part of the unit, so a worker holds little however large its unit is.
/// </summary>
internal sealed class UnitLines(PartitionSorter sorter, TableConversions? conversions = null)
{
    /// <summary>A part of a unit is handed on once it holds this much.</summary>
    public const int PartBytes = 4 << 20;

    private readonly ArrayBufferWriter<byte> _bytes = new(PartBytes + (1 << 16));
    private readonly List<(string Prefix, int Start, int Length)> _lines = [];
    private readonly ArrayBufferWriter<byte> _refused = new(1024);
    private long _unit = -1;
    // The prefix last appended to and its table's conversion: prefixes come from a cache, so a run of one is one string.
    private string? _checked;
    private ConversionCheck? _conversion;
    private int _part;

    /// <summary>Starts unit <paramref name="unit"/>: its place in the input, which orders its lines before later units'.</summary>
    public void Begin(long unit)
    {
        _unit = unit;
        _part = 0;
    }

    /// <summary>Lines a Parquet lake's conversion refused, sent to its error prefix instead.</summary>
    public long Refused { get; private set; }

    /// <summary>
    /// Adds one line (with its newline) under <paramref name="prefix"/>; in a Parquet lake, a data line that would not
    /// convert goes under its table's <c>errors/&lt;table&gt;/format-conversion-failed/</c> instead, as Firehose's error record.
    /// </summary>
    public void Append(string prefix, ReadOnlySpan<byte> line)
    {
        if (!ReferenceEquals(prefix, _checked))
        {
            (_checked, _conversion) = (prefix, conversions?.Of(prefix));
        }

        if (_conversion is { } conversion && conversion.Refuses(prefix, line, _refused))
        {
            Refused++;
            Add(conversion.ErrorPrefix, _refused.WrittenSpan);
            return;
        }

        Add(prefix, line);
    }

    private void Add(string prefix, ReadOnlySpan<byte> line)
    {
        _lines.Add((prefix, _bytes.WrittenCount, line.Length));
        _bytes.Write(line);
        if (_bytes.WrittenCount >= PartBytes)
        {
            Hand();
        }
    }

    /// <summary>Hands what is left of the unit to the sorter.</summary>
    public void End() => Hand();

    private void Hand()
    {
        if (_lines.Count > 0)
        {
            sorter.Add(_unit, _part++, _bytes.WrittenSpan, _lines);
        }

        _lines.Clear();
        _bytes.ResetWrittenCount();
    }
}
