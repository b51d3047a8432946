using System.Buffers;

namespace PipesLake.Replay.Input;

/// <summary>
/// Stream records cut from the input for one worker, copied out of the reader's buffers: a unit of the replay,
/// whose <see cref="Ordinal"/> orders its lines in the lake. Reused once its worker is done with it.
/// </summary>
internal sealed class RawUnit
{
    private readonly ArrayBufferWriter<byte> _bytes = new(1 << 20);
    private readonly List<(long Line, int Start, int Length)> _records = [];

    /// <summary>The unit's place in the input.</summary>
    public long Ordinal { get; private set; }

    public int Count => _records.Count;

    /// <summary>Bytes of the records held.</summary>
    public int Bytes => _bytes.WrittenCount;

    /// <summary>The input line a record starts on.</summary>
    public long Line(int index) => _records[index].Line;

    /// <summary>A record's JSON.</summary>
    public ReadOnlyMemory<byte> this[int index] => _bytes.WrittenMemory.Slice(_records[index].Start, _records[index].Length);

    /// <summary>Empties the unit for its next use as unit <paramref name="ordinal"/>.</summary>
    public void Reset(long ordinal)
    {
        Ordinal = ordinal;
        _records.Clear();
        _bytes.ResetWrittenCount();
    }

    public void Add(SourceRecord record)
    {
        _records.Add((record.Line, _bytes.WrittenCount, record.Json.Length));
        _bytes.Write(record.Json.Span);
    }
}
