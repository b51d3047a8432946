namespace PipesLake.Replay.Input;

/// <summary>
/// Lines of a UTF-8 stream as bytes, without making strings: a byte order mark at the start and a <c>\r</c> before
/// <c>\n</c> are dropped. A line is valid until the next <see cref="TryRead"/>.
/// </summary>
/// <param name="stream">What to read.</param>
/// <param name="buffer">
/// Where to read into (its content does not matter), for a reader of many small objects: one buffer for all of them, not
/// 64 KiB zeroed and collected for each. It grows for a longer line; <see cref="Buffer"/> is then the larger one.
/// </param>
internal sealed class ByteLines(Stream stream, byte[]? buffer = null)
{
    private byte[] _buffer = buffer is { Length: > 0 } ? buffer : new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _ended;
    private bool _first = true;

    /// <summary>The buffer read into, as large as the longest line needed: to hand to the next reader.</summary>
    public byte[] Buffer => _buffer;

    /// <summary>Lines read so far: the number of the one last returned.</summary>
    public long Number { get; private set; }

    public bool TryRead(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = Trim(_buffer.AsSpan(_start, newline));
                _start += newline + 1;
                Number++;
                return true;
            }

            if (_ended)
            {
                if (_start < _end)
                {
                    line = Trim(_buffer.AsSpan(_start, _end - _start));
                    _start = _end;
                    Number++;
                    return true;
                }

                line = default;
                return false;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        int read = stream.Read(_buffer, _end, _buffer.Length - _end);
        _ended = read == 0;
        _end += read;
        if (_first && _end >= 3)
        {
            _first = false;
            if (_buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8))
            {
                _start = 3;
            }
        }
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;
}
