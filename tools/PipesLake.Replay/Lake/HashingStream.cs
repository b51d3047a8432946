using System.Security.Cryptography;

namespace PipesLake.Replay.Lake;

/// <summary>Reads through to another stream, hashing and counting every byte read, so one pass both checks and uses the bytes.</summary>
internal sealed class HashingStream(Stream inner, HashAlgorithmName algorithm) : ReadOnlyStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(algorithm);

    /// <summary>Bytes read so far.</summary>
    public long BytesRead { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        int read = inner.Read(buffer);
        _hash.AppendData(buffer[..read]);
        BytesRead += read;
        return read;
    }

    /// <summary>Reads what a reader left (a GZIP reader stops at its trailer or at damage), then gives the hash of all of it.</summary>
    public byte[] Finish()
    {
        byte[] rest = new byte[1 << 16];
        while (Read(rest) > 0)
        {
        }

        return _hash.GetHashAndReset();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
