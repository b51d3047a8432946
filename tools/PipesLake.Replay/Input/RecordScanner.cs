using System.Buffers;

namespace PipesLake.Replay.Input;

/// <summary>
/// Cuts records out of input chunks. The first bytes decide the format: <c>[</c> is an array (records at
/// depth 1), <c>{"Records"</c> the get-records wrapper (records at depth 2), any other <c>{</c> NDJSON.
/// Strings are tracked so brackets inside them do not count.
/// </summary>
internal sealed class RecordScanner
{
    private static readonly byte[] s_recordsKey = "\"Records\""u8.ToArray();

    private readonly ArrayBufferWriter<byte> _record = new(4096);
    private readonly ArrayBufferWriter<byte> _arena = new(1 << 17);
    private readonly List<byte> _head = [];
    private Format _format;
    private long _line = 1;
    private long _recordLine;
    private int _depth;
    private bool _inString;
    private bool _escaped;
    private bool _inRecord;

    private enum Format
    {
        Undecided,
        Array,
        Wrapper,
        Lines,
    }

    /// <summary>
    /// Adds the records completed by <paramref name="chunk"/> to <paramref name="found"/>. Their bytes live
    /// in an arena reused by the next call, so callers use them before scanning on.
    /// </summary>
    public void Scan(ReadOnlySpan<byte> chunk, List<SourceRecord> found)
    {
        _arena.ResetWrittenCount();
        ScanCore(chunk, found);
    }

    private void ScanCore(ReadOnlySpan<byte> chunk, List<SourceRecord> found)
    {
        if (_format == Format.Undecided)
        {
            _head.AddRange(chunk);
            if (!TryDecide())
            {
                return;
            }

            byte[] head = [.. _head];
            _head.Clear();
            ScanCore(head, found);
            return;
        }

        if (_format == Format.Lines)
        {
            ScanLines(chunk, found);
        }
        else
        {
            ScanStructure(chunk, found, _format == Format.Array ? 1 : 2);
        }
    }

    public void Finish(List<SourceRecord> found)
    {
        _arena.ResetWrittenCount();
        if (_format == Format.Undecided && _head.Count > 0)
        {
            _format = Format.Lines;
            ScanCore([.. _head], found);
        }

        if ((_format == Format.Lines && !IsBlank(_record.WrittenSpan)) || _inRecord)
        {
            // A last line without newline, or a record cut off by the end of the input.
            found.Add(Complete());
        }
    }

    private bool TryDecide()
    {
        ReadOnlySpan<byte> head = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_head).TrimStart(" \t\r\n\uFEFF"u8);
        if (head.IsEmpty)
        {
            return false;
        }

        if (head[0] == (byte)'[')
        {
            _format = Format.Array;
            return true;
        }

        if (head[0] != (byte)'{')
        {
            _format = Format.Lines;
            return true;
        }

        ReadOnlySpan<byte> key = head[1..].TrimStart(" \t\r\n"u8);
        if (key.Length < s_recordsKey.Length && s_recordsKey.AsSpan().StartsWith(key))
        {
            return false;
        }

        _format = key.StartsWith(s_recordsKey) ? Format.Wrapper : Format.Lines;
        return true;
    }

    private void ScanLines(ReadOnlySpan<byte> chunk, List<SourceRecord> found)
    {
        while (!chunk.IsEmpty)
        {
            if (_record.WrittenCount == 0)
            {
                _recordLine = _line;
            }

            int newline = chunk.IndexOf((byte)'\n');
            if (newline < 0)
            {
                _record.Write(chunk);
                return;
            }

            if (_record.WrittenCount == 0)
            {
                // The whole line is in this chunk: straight into the arena, one copy.
                if (!IsBlank(chunk[..newline]))
                {
                    found.Add(Complete(chunk[..newline]));
                }
            }
            else
            {
                _record.Write(chunk[..newline]);
                if (!IsBlank(_record.WrittenSpan))
                {
                    found.Add(Complete());
                }
            }

            _record.ResetWrittenCount();
            _line++;
            chunk = chunk[(newline + 1)..];
        }
    }

    private void ScanStructure(ReadOnlySpan<byte> chunk, List<SourceRecord> found, int recordDepth)
    {
        int segment = 0;
        for (int i = 0; i < chunk.Length; i++)
        {
            byte b = chunk[i];
            if (b == (byte)'\n')
            {
                _line++;
            }

            if (_inString)
            {
                if (_escaped)
                {
                    _escaped = false;
                }
                else if (b == (byte)'\\')
                {
                    _escaped = true;
                }
                else if (b == (byte)'"')
                {
                    _inString = false;
                }

                continue;
            }

            switch (b)
            {
                case (byte)'"':
                    _inString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    if (_depth == recordDepth && !_inRecord)
                    {
                        _inRecord = true;
                        _recordLine = _line;
                        _record.ResetWrittenCount();
                        segment = i;
                    }

                    _depth++;
                    break;
                case (byte)'}' or (byte)']':
                    _depth--;
                    if (_inRecord && _depth == recordDepth)
                    {
                        _record.Write(chunk[segment..(i + 1)]);
                        found.Add(Complete());
                        _record.ResetWrittenCount();
                        _inRecord = false;
                    }

                    break;
                default:
                    break;
            }
        }

        if (_inRecord)
        {
            _record.Write(chunk[segment..]);
        }
    }

    private SourceRecord Complete() => Complete(_record.WrittenSpan);

    private SourceRecord Complete(ReadOnlySpan<byte> record)
    {
        int start = _arena.WrittenCount;
        _arena.Write(record);

        // Earlier records keep the memory they were sliced from even when the arena grows.
        return new SourceRecord(_recordLine, _arena.WrittenMemory[start..]);
    }

    private static bool IsBlank(ReadOnlySpan<byte> text) => text.Trim(" \t\r"u8).IsEmpty;
}
