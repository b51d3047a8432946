namespace PipesLake.Replay.Firehose;

/// <summary>
/// Bytes appended in one array that grows by doubling: from <see cref="ObjectBuffers"/> when a pool is given (a batch's
/// partitions, which come and go in large numbers and sizes: a pool keeps memory flat), else plain arrays (an error
/// object's few lines). <see cref="Release"/> gives a pooled array back.
/// </summary>
internal sealed class PooledBytes(ObjectBuffers? pool)
{
    private byte[] _array = [];

    /// <summary>Bytes appended so far.</summary>
    public int WrittenCount { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, WrittenCount);

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_array.Length - WrittenCount < bytes.Length)
        {
            int length = (int)Math.Min(Array.MaxLength, Math.Max((long)WrittenCount + bytes.Length, Math.Max(256L, _array.Length * 2L)));
            byte[] grown = pool?.Rent(length) ?? new byte[length];
            _array.AsSpan(0, WrittenCount).CopyTo(grown);
            Give(_array);
            _array = grown;
        }

        bytes.CopyTo(_array.AsSpan(WrittenCount));
        WrittenCount += bytes.Length;
    }

    /// <summary>A read-only stream over the bytes, no copy.</summary>
    public MemoryStream AsStream() => new(_array, 0, WrittenCount, writable: false);

    /// <summary>Gives the array back to the pool; the bytes are gone.</summary>
    public void Release()
    {
        Give(_array);
        _array = [];
        WrittenCount = 0;
    }

    private void Give(byte[] array)
    {
        if (pool is not null && array.Length > 0)
        {
            pool.Return(array);
        }
    }
}
