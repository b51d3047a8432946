using System.Buffers.Binary;
using System.Text;

namespace PipesLake.Replay.Firehose;

/// <summary>The sorter's memory and its run files: how entries are held, written and read back.</summary>
internal sealed partial class PartitionSorter
{
    /// <summary>Lines held in memory: large chunks, reused run after run, and the entries that point into them.</summary>
    private sealed class Arena
    {
        private int _chunk;
        private int _offset;

        public List<byte[]> Chunks { get; } = [];

        public List<(SortKey Key, int Chunk, int Offset, int Length)> Entries { get; } = [];

        /// <summary>
        /// Chunk bytes taken: lines and the ends of chunks an entry did not fit in. Counting those ends keeps the
        /// number of chunks bounded by the sort memory whatever the sizes of entries.
        /// </summary>
        public long Held { get; private set; }

        public Span<byte> Reserve(int length, out int chunk, out int offset)
        {
            if (Chunks.Count == 0 || _offset + length > Chunks[_chunk].Length)
            {
                Held += Chunks.Count == 0 ? 0 : Chunks[_chunk].Length - _offset;
                _chunk = Chunks.Count == 0 ? 0 : _chunk + 1;
                if (_chunk == Chunks.Count)
                {
                    Chunks.Add(new byte[Math.Max(ChunkBytes, length)]);
                }
                else if (Chunks[_chunk].Length < length)
                {
                    Chunks[_chunk] = new byte[length];
                }

                _offset = 0;
            }

            chunk = _chunk;
            offset = _offset;
            _offset += length;
            Held += length;
            return Chunks[chunk].AsSpan(offset, length);
        }

        public void Clear()
        {
            Entries.Clear();
            _chunk = 0;
            _offset = 0;
            Held = 0;
        }
    }

    /// <summary>
    /// Writes run files, one at a time, through one buffer kept for the whole run (a buffer per file would be a large
    /// object left for the collector at every spill). An entry: prefix length, prefix (UTF-8), unit, part, length,
    /// lines. Its bytes are whole lines; a merge may write one entry as several with the same key, which read back in
    /// the same order.
    /// </summary>
    private sealed class RunWriter
    {
        private readonly byte[] _buffer = new byte[1 << 20];
        private int _used;
        private FileStream? _file;

        public void Open(string path)
        {
            _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
            _used = 0;
        }

        public void Write(SortKey key, ReadOnlySpan<byte> bytes)
        {
            int prefixLength = Encoding.UTF8.GetByteCount(key.Prefix);
            if (_used + 20 + prefixLength > _buffer.Length)
            {
                Drain();
            }

            Span<byte> header = _buffer.AsSpan(_used);
            BinaryPrimitives.WriteInt32LittleEndian(header, prefixLength);
            Encoding.UTF8.GetBytes(key.Prefix, header[4..]);
            header = header[(4 + prefixLength)..];
            BinaryPrimitives.WriteInt64LittleEndian(header, key.Unit);
            BinaryPrimitives.WriteInt32LittleEndian(header[8..], key.Part);
            BinaryPrimitives.WriteInt32LittleEndian(header[12..], bytes.Length);
            _used += 20 + prefixLength;
            if (_used + bytes.Length > _buffer.Length)
            {
                Drain();
                if (bytes.Length > _buffer.Length)
                {
                    _file!.Write(bytes);
                    return;
                }
            }

            bytes.CopyTo(_buffer.AsSpan(_used));
            _used += bytes.Length;
        }

        public void Close()
        {
            Drain();
            _file!.Dispose();
            _file = null;
        }

        private void Drain()
        {
            _file!.Write(_buffer, 0, _used);
            _used = 0;
        }
    }

    /// <summary>The one buffer a merge reads entries of run files through, piece by piece; it grows only for a line longer than it.</summary>
    private sealed class PieceBuffer
    {
        public byte[] Array { get; private set; } = new byte[1 << 18];

        /// <summary>Doubles the buffer, keeping its first <paramref name="kept"/> bytes.</summary>
        public byte[] Grow(int kept)
        {
            byte[] bigger = new byte[Array.Length * 2];
            Array.AsSpan(0, kept).CopyTo(bigger);
            Array = bigger;
            return bigger;
        }
    }

    private interface ICursor : IDisposable
    {
        SortKey Key { get; }

        bool MoveNext();

        /// <summary>Hands the current entry's lines to <paramref name="emit"/>, in one piece or several of whole lines.</summary>
        void Emit(PieceBuffer pieces, Action<SortKey, ReadOnlySpan<byte>> emit);
    }

    /// <summary>What is still in memory, sorted.</summary>
    private sealed class MemoryCursor(Arena arena) : ICursor
    {
        private int _index = -1;

        public SortKey Key => arena.Entries[_index].Key;

        public bool MoveNext() => ++_index < arena.Entries.Count;

        public void Emit(PieceBuffer pieces, Action<SortKey, ReadOnlySpan<byte>> emit)
        {
            (SortKey key, int chunk, int offset, int length) = arena.Entries[_index];
            emit(key, arena.Chunks[chunk].AsSpan(offset, length));
        }

        public void Dispose()
        {
        }
    }

    /// <summary>One run file, read forward through a small buffer: an entry's lines are read as they are emitted.</summary>
    private sealed class FileCursor(string path) : ICursor
    {
        private readonly FileStream _file = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        private byte[] _prefixBytes = new byte[256];
        private byte[] _lastPrefixBytes = new byte[256];
        private int _lastPrefixLength = -1;
        private int _length;

        public SortKey Key { get; private set; }

        public bool MoveNext()
        {
            Span<byte> header = stackalloc byte[16];
            if (_file.ReadAtLeast(header[..4], 4, throwOnEndOfStream: false) < 4)
            {
                return false;
            }

            int prefixLength = BinaryPrimitives.ReadInt32LittleEndian(header);
            if (_prefixBytes.Length < prefixLength)
            {
                _prefixBytes = new byte[prefixLength];
            }

            _file.ReadExactly(_prefixBytes.AsSpan(0, prefixLength));
            // Consecutive entries of a run mostly share a prefix: one string for them all.
            string text = prefixLength == _lastPrefixLength && _prefixBytes.AsSpan(0, prefixLength).SequenceEqual(_lastPrefixBytes.AsSpan(0, prefixLength))
                ? Key.Prefix
                : Encoding.UTF8.GetString(_prefixBytes, 0, prefixLength);
            (_prefixBytes, _lastPrefixBytes) = (_lastPrefixBytes, _prefixBytes);
            _lastPrefixLength = prefixLength;
            _file.ReadExactly(header);
            Key = new SortKey(text, BinaryPrimitives.ReadInt64LittleEndian(header), BinaryPrimitives.ReadInt32LittleEndian(header[8..]));
            _length = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
            return true;
        }

        public void Emit(PieceBuffer pieces, Action<SortKey, ReadOnlySpan<byte>> emit)
        {
            byte[] buffer = pieces.Array;
            int remaining = _length;
            int carried = 0;
            while (remaining > 0)
            {
                if (carried == buffer.Length)
                {
                    // One line longer than the buffer.
                    buffer = pieces.Grow(carried);
                }

                int read = Math.Min(buffer.Length - carried, remaining);
                _file.ReadExactly(buffer.AsSpan(carried, read));
                remaining -= read;
                int filled = carried + read;
                int end = remaining == 0 ? filled : buffer.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
                if (end > 0)
                {
                    emit(Key, buffer.AsSpan(0, end));
                }

                carried = filled - end;
                buffer.AsSpan(end, carried).CopyTo(buffer);
            }
        }

        public void Dispose() => _file.Dispose();
    }
}
