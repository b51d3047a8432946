namespace PipesLake.Replay.Storage;

/// <summary>Reads through to another stream, keeping how many bytes it gave and the last eight of them (a GZIP trailer).</summary>
internal sealed class TailStream(Stream inner) : ReadOnlyStream
{
    private readonly byte[] _last = new byte[8];
    private int _kept;

    /// <summary>Bytes read so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The last eight bytes read (fewer when fewer were).</summary>
    public ReadOnlySpan<byte> Last => _last.AsSpan(0, _kept);

    public override int Read(Span<byte> buffer)
    {
        int read = inner.Read(buffer);
        Span<byte> got = buffer[..read];
        if (got.Length >= _last.Length)
        {
            got[^_last.Length..].CopyTo(_last);
            _kept = _last.Length;
        }
        else if (got.Length > 0)
        {
            // Shift what is kept left and append: the last eight bytes across reads.
            int keep = Math.Min(_kept, _last.Length - got.Length);
            _last.AsSpan(_kept - keep, keep).CopyTo(_last);
            got.CopyTo(_last.AsSpan(keep));
            _kept = keep + got.Length;
        }

        BytesRead += read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
