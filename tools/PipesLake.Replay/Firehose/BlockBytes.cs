namespace PipesLake.Replay.Firehose;

/// <summary>
/// Bytes appended into blocks of one size (<see cref="Blocks.Size"/>): from a pool when one is given (a redrive batch's
/// partitions, a few hundred of tens of kilobytes each, batch after batch), else plain. Every block is alike, so a pool
/// serves each batch from the blocks of the one before and reaches its size with the first two batches, however long the
/// run; arrays that grow by doubling left arrays of every size behind, and the run's memory rose with its length.
/// </summary>
internal sealed class BlockBytes(Blocks? pool)
{
    private readonly List<byte[]> _blocks = [];
    private int _last;

    /// <summary>Bytes appended so far.</summary>
    public int Length { get; private set; }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (_blocks.Count == 0 || _last == Blocks.Size)
            {
                _blocks.Add(pool?.Rent() ?? new byte[Blocks.Size]);
                _last = 0;
            }

            int part = Math.Min(bytes.Length, Blocks.Size - _last);
            bytes[..part].CopyTo(_blocks[^1].AsSpan(_last));
            _last += part;
            Length += part;
            bytes = bytes[part..];
        }
    }

    /// <summary>Appends another's bytes after these.</summary>
    public void Write(BlockBytes other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int i = 0; i < other._blocks.Count; i++)
        {
            Write(other.Block(i));
        }
    }

    /// <summary>The bytes, block by block, in order.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Segments()
    {
        for (int i = 0; i < _blocks.Count; i++)
        {
            yield return _blocks[i].AsMemory(0, i == _blocks.Count - 1 ? _last : Blocks.Size);
        }
    }

    /// <summary>The bytes in one array: a copy, for what needs them in one span (the Parquet conversion).</summary>
    public byte[] ToArray()
    {
        byte[] all = new byte[Length];
        for (int i = 0; i < _blocks.Count; i++)
        {
            Block(i).CopyTo(all.AsSpan(i * Blocks.Size));
        }

        return all;
    }

    /// <summary>A read-only, seekable stream over the bytes, no copy.</summary>
    public Stream AsStream() => new BlockStream(this);

    /// <summary>Gives the blocks back to the pool; the bytes are gone.</summary>
    public void Release()
    {
        if (pool is not null)
        {
            _blocks.ForEach(pool.Return);
        }

        _blocks.Clear();
        (_last, Length) = (0, 0);
    }

    private ReadOnlySpan<byte> Block(int i) => _blocks[i].AsSpan(0, i == _blocks.Count - 1 ? _last : Blocks.Size);

    /// <summary>Reads from <paramref name="position"/> into <paramref name="buffer"/>; the count read.</summary>
    private int Read(long position, Span<byte> buffer)
    {
        int read = 0;
        while (read < buffer.Length && position + read < Length)
        {
            long at = position + read;
            ReadOnlySpan<byte> rest = Block((int)(at / Blocks.Size))[(int)(at % Blocks.Size)..];
            int part = Math.Min(rest.Length, buffer.Length - read);
            rest[..part].CopyTo(buffer[read..]);
            read += part;
        }

        return read;
    }

    private sealed class BlockStream(BlockBytes bytes) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => bytes.Length;

        public override long Position
        {
            get => _position;
            set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public override int Read(Span<byte> buffer)
        {
            int read = bytes.Read(_position, buffer);
            _position += read;
            return read;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => Length + offset,
        };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
