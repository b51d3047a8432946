namespace PipesLake.Replay.Firehose;

/// <summary>A pool of blocks of <see cref="Size"/> bytes for <see cref="BlockBytes"/>, keeping at most a set number of bytes.</summary>
/// <param name="retainedBytes">Bytes kept for reuse at most; blocks given back beyond it are left to the collector.</param>
internal sealed class Blocks(long retainedBytes)
{
    /// <summary>
    /// A block's bytes: small enough that a partition's last block wastes little (a redrive batch holds a few hundred
    /// partitions of tens of kilobytes each), below the large-object heap's 85,000 bytes.
    /// </summary>
    public const int Size = 16 * 1024;

    private readonly Stack<byte[]> _kept = new();
    private readonly Lock _lock = new();

    /// <summary>Bytes held for reuse now.</summary>
    public long KeptBytes
    {
        get
        {
            lock (_lock)
            {
                return (long)_kept.Count * Size;
            }
        }
    }

    public byte[] Rent()
    {
        lock (_lock)
        {
            if (_kept.TryPop(out byte[]? kept))
            {
                return kept;
            }
        }

        return new byte[Size];
    }

    public void Return(byte[] block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block.Length != Size)
        {
            throw new ArgumentException("not a block of this pool", nameof(block));
        }

        lock (_lock)
        {
            if ((long)(_kept.Count + 1) * Size <= retainedBytes)
            {
                _kept.Push(block);
            }
        }
    }
}
