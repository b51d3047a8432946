using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace PipesLake.Replay.Storage;

/// <summary>
/// Reads a GZIP file and, at its end, checks the content against the file's trailer (RFC 1952: CRC-32 and
/// size of the data). .NET's <see cref="GZipStream"/> ends quietly at the end of a truncated file, which would
/// make a cut-short object look like a shorter whole one.
/// </summary>
internal sealed class CheckedGzipStream : ReadOnlyStream
{
    private const int MinimumLength = 18;

    private readonly string _name;
    private readonly GZipStream _gzip;
    private readonly Crc32 _crc = new();
    private uint _expectedCrc;
    private uint _expectedSize;
    private bool _hasTrailer;
    private long _length;
    // Read forward without knowing the end (standard input): the trailer is the last eight bytes seen.
    private readonly TailStream? _tail;

    /// <summary>A GZIP file read from a seekable stream, which holds its own trailer.</summary>
    public CheckedGzipStream(Stream file)
        : this(file, file.Length, Trailer(file), file is FileStream named ? named.Name : "the object")
    {
    }

    /// <summary>
    /// A GZIP object read forward only, from its start, with its <paramref name="length"/> and last eight bytes
    /// (<paramref name="trailer"/>) read apart (an S3 ranged GET).
    /// </summary>
    public CheckedGzipStream(Stream body, long length, ReadOnlySpan<byte> trailer, string name)
    {
        _name = name;
        Expect(length, trailer);
        _gzip = new GZipStream(body, CompressionMode.Decompress);
    }

    /// <summary>A GZIP stream read forward only whose length is not known (standard input): checked against the last eight bytes it holds.</summary>
    private CheckedGzipStream(Stream body, string name)
    {
        _name = name;
        _tail = new TailStream(body);
        _gzip = new GZipStream(_tail, CompressionMode.Decompress);
    }

    /// <summary>
    /// <paramref name="input"/>'s content, read forward only: decompressed and checked when it starts as GZIP does, as
    /// it is otherwise. <paramref name="name"/> names it in messages.
    /// </summary>
    public static Stream OpenForward(Stream input, string name)
    {
        byte[] magic = new byte[2];
        int read = input.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        Stream whole = new PrefixedStream(magic.AsMemory(0, read), input);
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new CheckedGzipStream(whole, name) : whole;
    }

    public override int Read(Span<byte> buffer)
    {
        int read = _gzip.Read(buffer);
        if (read > 0)
        {
            _crc.Append(buffer[..read]);
            _length += read;
        }
        else if (buffer.Length > 0)
        {
            if (_tail is not null)
            {
                Expect(_tail.BytesRead, _tail.Last);
            }

            if (!_hasTrailer || _crc.GetCurrentHashAsUInt32() != _expectedCrc || (uint)_length != _expectedSize)
            {
                throw new InvalidDataException($"'{_name}' is not a complete GZIP file: its content does not match its trailer.");
            }
        }

        return read;
    }

    private void Expect(long length, ReadOnlySpan<byte> trailer)
    {
        _hasTrailer = length >= MinimumLength && trailer.Length == 8;
        if (_hasTrailer)
        {
            _expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
            _expectedSize = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        }
    }

    private static byte[] Trailer(Stream file)
    {
        byte[] trailer = new byte[8];
        if (file.Length >= MinimumLength)
        {
            file.Position = file.Length - 8;
            file.ReadExactly(trailer);
        }

        file.Position = 0;
        return trailer;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
        }

        base.Dispose(disposing);
    }
}
