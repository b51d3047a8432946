using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace PipesLake.Replay.Lake;

/// <summary>
/// Reads a GZIP file and, at its end, checks the content against the file's trailer (RFC 1952: CRC-32 and
/// size of the data). .NET's <see cref="GZipStream"/> ends quietly at the end of a truncated file, which would
/// make a cut-short object look like a shorter whole one.
/// </summary>
internal sealed class CheckedGzipStream : ReadOnlyStream
{
    private readonly Stream _file;
    private readonly GZipStream _gzip;
    private readonly Crc32 _crc = new();
    private readonly uint _expectedCrc;
    private readonly uint _expectedSize;
    private readonly bool _hasTrailer;
    private long _length;

    public CheckedGzipStream(Stream file)
    {
        _file = file;
        Span<byte> trailer = stackalloc byte[8];
        _hasTrailer = file.Length >= 18;
        if (_hasTrailer)
        {
            file.Position = file.Length - 8;
            file.ReadExactly(trailer);
            _expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
            _expectedSize = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        }

        file.Position = 0;
        _gzip = new GZipStream(file, CompressionMode.Decompress);
    }

    public override int Read(Span<byte> buffer)
    {
        int read = _gzip.Read(buffer);
        if (read > 0)
        {
            _crc.Append(buffer[..read]);
            _length += read;
        }
        else if (buffer.Length > 0 && (!_hasTrailer || _crc.GetCurrentHashAsUInt32() != _expectedCrc || (uint)_length != _expectedSize))
        {
            throw new InvalidDataException($"'{(_file is FileStream named ? named.Name : "the object")}' is not a complete GZIP file: its content does not match its trailer.");
        }

        return read;
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
