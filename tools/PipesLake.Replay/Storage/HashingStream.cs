using System.Buffers;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace PipesLake.Replay.Storage;

/// <summary>Reads through to another stream, hashing and counting every byte read, so one pass both checks and uses the bytes.</summary>
internal sealed class HashingStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly IncrementalHash? _cryptographic;
    private readonly NonCryptographicHashAlgorithm? _fast;

    /// <summary>Hashes with <paramref name="algorithm"/>: what must hold against a reader who means harm (a job's content) or a format's own (MD5).</summary>
    public HashingStream(Stream inner, HashAlgorithmName algorithm)
    {
        _inner = inner;
        _cryptographic = IncrementalHash.CreateHash(algorithm);
    }

    /// <summary>Hashes with <paramref name="hash"/>: a fast one, where the hash tells the tool's own objects apart.</summary>
    public HashingStream(Stream inner, NonCryptographicHashAlgorithm hash)
    {
        _inner = inner;
        _fast = hash;
    }

    /// <summary>Bytes read so far.</summary>
    public long BytesRead { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        int read = _inner.Read(buffer);
        _cryptographic?.AppendData(buffer[..read]);
        _fast?.Append(buffer[..read]);
        BytesRead += read;
        return read;
    }

    /// <summary>Reads what a reader left (a GZIP reader stops at its trailer or at damage), then gives the hash of all of it.</summary>
    public byte[] Finish()
    {
        // Borrowed: a redrive finishes a hash for each of an incident's hundred thousand small objects.
        byte[] rest = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            while (Read(rest) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rest);
        }

        return _cryptographic?.GetHashAndReset() ?? _fast!.GetHashAndReset();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _cryptographic?.Dispose();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
