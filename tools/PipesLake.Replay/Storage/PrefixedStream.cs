namespace PipesLake.Replay.Storage;

/// <summary>Bytes already taken from a forward-only stream (to look at its first bytes), then the rest of it.</summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : ReadOnlyStream
{
    private ReadOnlyMemory<byte> _prefix = prefix;

    public override int Read(Span<byte> buffer)
    {
        if (_prefix.IsEmpty)
        {
            return rest.Read(buffer);
        }

        int take = Math.Min(buffer.Length, _prefix.Length);
        _prefix.Span[..take].CopyTo(buffer);
        _prefix = _prefix[take..];
        return take;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            rest.Dispose();
        }

        base.Dispose(disposing);
    }
}
