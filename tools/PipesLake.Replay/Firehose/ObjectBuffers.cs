using System.Numerics;

namespace PipesLake.Replay.Firehose;

/// <summary>
/// The arrays objects are built in, kept for reuse up to a bound in bytes (<see cref="MaxRetainedBytes"/> unless the
/// owner sets another). A pool that keeps a
/// number of arrays per size keeps more the longer a run is (each size an object has reached holds its share), so
/// a 10,000,000-record run kept more than a 1,000,000-record one; bounded by bytes, what is kept is the same for any
/// input. Arrays are powers of two long, so one returned serves any object up to its length.
/// </summary>
internal sealed class ObjectBuffers(long retainedBytes = ObjectBuffers.MaxRetainedBytes)
{
    /// <summary>Bytes kept for reuse at most, by default; arrays given back beyond the bound are left to the collector.</summary>
    public const long MaxRetainedBytes = 48L * 1024 * 1024;

    private const int SmallestShift = 16;

    private readonly Stack<byte[]>[] _kept = [.. Enumerable.Range(0, 32 - SmallestShift).Select(_ => new Stack<byte[]>())];
    private readonly object _lock = new();
    private long _keptBytes;

    /// <summary>Bytes held for reuse now.</summary>
    public long KeptBytes
    {
        get
        {
            lock (_lock)
            {
                return _keptBytes;
            }
        }
    }

    /// <summary>An array of at least <paramref name="length"/> bytes: the smallest power of two, 64 KiB or more.</summary>
    public byte[] Rent(int length)
    {
        int shift = Shift(length);
        lock (_lock)
        {
            if (_kept[shift - SmallestShift].TryPop(out byte[]? kept))
            {
                _keptBytes -= kept.Length;
                return kept;
            }
        }

        return new byte[1 << shift];
    }

    /// <summary>Takes back an array from <see cref="Rent"/>; kept while the pool holds less than its bound.</summary>
    public void Return(byte[] array)
    {
        if (!BitOperations.IsPow2(array.Length) || array.Length < 1 << SmallestShift)
        {
            throw new ArgumentException("not an array of this pool", nameof(array));
        }

        lock (_lock)
        {
            if (_keptBytes + array.Length <= retainedBytes)
            {
                _kept[BitOperations.Log2((uint)array.Length) - SmallestShift].Push(array);
                _keptBytes += array.Length;
            }
        }
    }

    private static int Shift(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 1 << 30);
        return Math.Max(SmallestShift, BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)Math.Max(length, 1))));
    }
}
