using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Firehose;

/// <summary>
/// The delivery stream's S3 side: buffers lines per prefix and writes objects named as Firehose names
/// them, <c>&lt;prefix&gt;&lt;stream&gt;-&lt;version&gt;-&lt;yyyy-MM-dd-HH-mm-ss&gt;-&lt;uuid&gt;</c>.
/// A partition is flushed when its buffer is full; everything is flushed when all buffers together
/// reach the memory bound, as Firehose's buffer interval would. The UUID is a hash of the object's place
/// in the run, prefix and content: the same run writes the same names, so a rerun after an interruption
/// finds what it already wrote, and another input never lands under a name this one uses.
/// </summary>
internal sealed class LakeWriter(LakeWriterOptions options, IObjectStore lake) : IDisposable
{
    private const int StreamVersion = 1;

    // Callers pass one string instance per prefix, so lookups compare references, not ~100 characters.
    private readonly Dictionary<string, ArrayBufferWriter<byte>> _buffers = new(ReferenceEqualityComparer.Instance);
    private readonly ObjectStore _store = new(lake, options.Gzip);
    private long _buffered;

    public int Objects { get; private set; }

    /// <summary>Bytes this run put on disk; final after <see cref="Complete"/>.</summary>
    public long BytesWritten => _store.BytesWritten;

    /// <summary>The store, for what it found already in the lake; final after <see cref="Complete"/>.</summary>
    public ObjectStore Store => _store;

    /// <summary>Buffers one line under its prefix; pass the same string instance for the same prefix.</summary>
    public void Append(string prefix, ReadOnlySpan<byte> line)
    {
        if (!_buffers.TryGetValue(prefix, out ArrayBufferWriter<byte>? buffer))
        {
            buffer = new ArrayBufferWriter<byte>(Math.Max(256, line.Length));
            _buffers.Add(prefix, buffer);
        }

        buffer.Write(line);
        _buffered += line.Length;
        if (buffer.WrittenCount >= options.BufferBytes)
        {
            Flush(prefix, buffer);
            _buffers.Remove(prefix);
        }
        else if (_buffered >= options.MaxBufferedBytes)
        {
            FlushAll();
        }
    }

    /// <summary>Writes one of Firehose's error records for a record the function failed.</summary>
    public void AppendError(string prefix, TransformOutcome failed, string rawData, string lambdaArn)
    {
        var line = new ArrayBufferWriter<byte>(rawData.Length + 256);
        FirehoseErrorRecord.Write(line, options.Arrival.ToUnixTimeMilliseconds(), 1, failed, rawData, lambdaArn);
        Append(prefix, line.WrittenSpan);
    }

    public void FlushAll()
    {
        foreach ((string prefix, ArrayBufferWriter<byte> buffer) in _buffers)
        {
            Flush(prefix, buffer);
        }

        _buffers.Clear();
    }

    /// <summary>Flushes every partition and waits until all objects are written.</summary>
    public void Complete()
    {
        FlushAll();
        _store.Complete();
    }

    public void Dispose() => _store.Dispose();

    private void Flush(string prefix, ArrayBufferWriter<byte> buffer)
    {
        string name = $"{prefix}{options.StreamName}-{StreamVersion}-{options.Arrival.UtcDateTime:yyyy-MM-dd-HH-mm-ss}-{ObjectId(Objects, prefix, buffer.WrittenSpan)}";
        _store.Put(name, buffer.WrittenSpan.ToArray(), buffer.WrittenCount);
        _buffered -= buffer.WrittenCount;
        Objects++;
    }

    private static Guid ObjectId(int ordinal, string prefix, ReadOnlySpan<byte> content)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(number, ordinal);
        hash.AppendData(number);
        hash.AppendData(Encoding.UTF8.GetBytes(prefix));
        hash.AppendData(content);
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return new Guid(digest[..16]);
    }
}
