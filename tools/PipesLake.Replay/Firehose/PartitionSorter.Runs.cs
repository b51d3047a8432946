using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace PipesLake.Replay.Firehose;

/// <summary>The sorter's memory and its run files: how entries are held, written and read back.</summary>
internal sealed partial class PartitionSorter
{
    /// <summary>
    /// One entry of an arena: a prefix's lines from one part of a unit. Its bytes, in one chunk, are the prefix
    /// (UTF-8) and then the lines; it holds no reference, so entries cost the collector nothing to trace.
    /// </summary>
    private readonly record struct Entry(int Chunk, int Offset, int PrefixLength, int Length, long Unit, int Part);

    /// <summary>Lines held in memory: large chunks, reused run after run, and the entries that point into them.</summary>
    private sealed class Arena
    {
        // What an entry costs in the entry list, counted with the bytes it points to.
        private static readonly int EntryBytes = Unsafe.SizeOf<Entry>();

        private int _chunk;
        private int _offset;

        public List<byte[]> Chunks { get; } = [];

        public List<Entry> Entries { get; } = [];

        /// <summary>
        /// Memory taken: lines, prefixes, entries and the ends of chunks an entry did not fit in. Counting those
        /// ends keeps the number of chunks bounded by the sort memory whatever the sizes of entries; counting
        /// prefixes and entries bounds it whatever the number of partitions the input spreads over.
        /// </summary>
        public long Held { get; private set; }

        /// <summary>Adds an entry of <paramref name="length"/> bytes of lines under <paramref name="prefix"/>; returns where the lines go.</summary>
        public Span<byte> Add(string prefix, long unit, int part, int length)
        {
            int prefixLength = Encoding.UTF8.GetByteCount(prefix);
            Span<byte> target = Reserve(prefixLength + length, out int chunk, out int offset);
            Encoding.UTF8.GetBytes(prefix, target);
            Entries.Add(new Entry(chunk, offset, prefixLength, length, unit, part));
            Held += EntryBytes;
            return target[prefixLength..];
        }

        public ReadOnlySpan<byte> Prefix(Entry entry) => Chunks[entry.Chunk].AsSpan(entry.Offset, entry.PrefixLength);

        public ReadOnlySpan<byte> Lines(Entry entry) => Chunks[entry.Chunk].AsSpan(entry.Offset + entry.PrefixLength, entry.Length);

        /// <summary>Sorts the entries in <see cref="SortOrder"/>; (prefix, unit, part) is unique, so any sort is stable.</summary>
        public void Sort() => Entries.Sort((a, b) => SortOrder.Compare(Prefix(a), a.Unit, a.Part, Prefix(b), b.Unit, b.Part));

        public void Clear()
        {
            Entries.Clear();
            _chunk = 0;
            _offset = 0;
            Held = 0;
        }

        private Span<byte> Reserve(int length, out int chunk, out int offset)
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

        public void Write(ReadOnlySpan<byte> prefix, long unit, int part, ReadOnlySpan<byte> bytes)
        {
            int prefixLength = prefix.Length;
            if (_used + 20 + prefixLength > _buffer.Length)
            {
                Drain();
            }

            Span<byte> header = _buffer.AsSpan(_used);
            BinaryPrimitives.WriteInt32LittleEndian(header, prefixLength);
            prefix.CopyTo(header[4..]);
            header = header[(4 + prefixLength)..];
            BinaryPrimitives.WriteInt64LittleEndian(header, unit);
            BinaryPrimitives.WriteInt32LittleEndian(header[8..], part);
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

    /// <summary>The last prefix emitted, as text: one string per partition, not one per entry.</summary>
    private sealed class PrefixText
    {
        private byte[] _bytes = [];
        private string _text = "";

        public string Of(ReadOnlySpan<byte> prefix)
        {
            if (!prefix.SequenceEqual(_bytes))
            {
                _bytes = prefix.ToArray();
                _text = Encoding.UTF8.GetString(prefix);
            }

            return _text;
        }
    }

    /// <summary>A source of entries in <see cref="SortOrder"/>: the current one's key is valid until <see cref="MoveNext"/>.</summary>
    private interface ICursor : IDisposable
    {
        ReadOnlySpan<byte> Prefix { get; }

        long Unit { get; }

        int Part { get; }

        bool MoveNext();

        /// <summary>Hands the current entry's lines to <paramref name="emit"/>, in one piece or several of whole lines.</summary>
        void Emit(PieceBuffer pieces, Action<ReadOnlySpan<byte>, long, int, ReadOnlySpan<byte>> emit);
    }

    /// <summary>What is still in memory, sorted.</summary>
    private sealed class MemoryCursor(Arena arena) : ICursor
    {
        private int _index = -1;

        public ReadOnlySpan<byte> Prefix => arena.Prefix(arena.Entries[_index]);

        public long Unit => arena.Entries[_index].Unit;

        public int Part => arena.Entries[_index].Part;

        public bool MoveNext() => ++_index < arena.Entries.Count;

        public void Emit(PieceBuffer pieces, Action<ReadOnlySpan<byte>, long, int, ReadOnlySpan<byte>> emit)
        {
            Entry entry = arena.Entries[_index];
            emit(arena.Prefix(entry), entry.Unit, entry.Part, arena.Lines(entry));
        }

        public void Dispose()
        {
        }
    }

    /// <summary>One run file, read forward through a small buffer: an entry's lines are read as they are emitted.</summary>
    private sealed class FileCursor(string path) : ICursor
    {
        private readonly FileStream _file = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        private byte[] _prefix = new byte[256];
        private int _prefixLength;
        private int _length;

        public ReadOnlySpan<byte> Prefix => _prefix.AsSpan(0, _prefixLength);

        public long Unit { get; private set; }

        public int Part { get; private set; }

        public bool MoveNext()
        {
            Span<byte> header = stackalloc byte[16];
            if (_file.ReadAtLeast(header[..4], 4, throwOnEndOfStream: false) < 4)
            {
                return false;
            }

            _prefixLength = BinaryPrimitives.ReadInt32LittleEndian(header);
            if (_prefix.Length < _prefixLength)
            {
                _prefix = new byte[_prefixLength];
            }

            _file.ReadExactly(_prefix.AsSpan(0, _prefixLength));
            _file.ReadExactly(header);
            Unit = BinaryPrimitives.ReadInt64LittleEndian(header);
            Part = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            _length = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
            return true;
        }

        public void Emit(PieceBuffer pieces, Action<ReadOnlySpan<byte>, long, int, ReadOnlySpan<byte>> emit)
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
                    emit(Prefix, Unit, Part, buffer.AsSpan(0, end));
                }

                carried = filled - end;
                buffer.AsSpan(end, carried).CopyTo(buffer);
            }
        }

        public void Dispose() => _file.Dispose();
    }
}
