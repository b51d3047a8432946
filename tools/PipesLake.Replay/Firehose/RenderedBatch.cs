using System.Buffers;

namespace PipesLake.Replay.Firehose;

/// <summary>The rendered records of one function invocation, back to back in one buffer.</summary>
internal sealed class RenderedBatch
{
    private readonly List<int> _ends = [];
    private readonly List<long> _windows = [];

    /// <summary>Where the next record is rendered.</summary>
    public ArrayBufferWriter<byte> Bytes { get; } = new(1 << 20);

    public int Count => _ends.Count;

    /// <summary>Empties the batch for reuse.</summary>
    public void Clear()
    {
        _ends.Clear();
        _windows.Clear();
        Bytes.ResetWrittenCount();
    }

    /// <summary>Drops what was rendered after <paramref name="start"/>: a record that never reaches the function.</summary>
    public void Discard(int start)
    {
        int keep = start;
        byte[] kept = Bytes.WrittenSpan[..keep].ToArray();
        Bytes.ResetWrittenCount();
        Bytes.Write(kept);
    }

    /// <summary>Ends the record rendered since the last call; <paramref name="window"/> is its buffer window, or -1.</summary>
    public void EndRecord(long window)
    {
        _ends.Add(Bytes.WrittenCount);
        _windows.Add(window);
    }

    /// <summary>The buffer window of one record, or -1 when its time is unknown.</summary>
    public long Window(int index) => _windows[index];

    /// <summary>The rendered bytes of one record.</summary>
    public ReadOnlySpan<byte> this[int index] => Bytes.WrittenSpan[(index == 0 ? 0 : _ends[index - 1]).._ends[index]];
}
