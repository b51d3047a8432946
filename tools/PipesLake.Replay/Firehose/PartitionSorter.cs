using System.Buffers.Binary;
using System.Text;

namespace PipesLake.Replay.Firehose;

/// <summary>
/// Brings every partition's lines together, whatever order the input holds them in, in bounded memory: parts of
/// units are kept in memory, grouped by prefix, up to <c>memoryBytes</c>; then they are sorted by
/// <see cref="SortKey"/> and written to a run file on disk. At the end the runs are merged, and each partition's
/// lines come out once, in input order (by unit and part, whichever thread made them): the same lake for the
/// same input, from one thread or many.
/// </summary>
internal sealed class PartitionSorter : IDisposable
{
    // A part is at most UnitLines.PartBytes plus one line (a Firehose record is at most 1,000 KiB): one always fits.
    private const int ChunkBytes = 8 << 20;

    private readonly object _gate = new();
    private readonly string _folder;
    private readonly long _memoryBytes;
    private readonly List<string> _runs = [];
    private readonly List<(string Prefix, int Start, int Length)> _sorted = [];
    private Arena _arena = new();
    private Arena? _spare = new();
    private bool _folderMade;

    /// <param name="folder">Where run files go (made when the first one is written, removed on dispose).</param>
    /// <param name="memoryBytes">How much line data is held in memory before a run is written.</param>
    public PartitionSorter(string folder, long memoryBytes)
    {
        _folder = folder;
        _memoryBytes = memoryBytes;
    }

    /// <summary>Run files written so far: each is one sort of <c>memoryBytes</c> of lines.</summary>
    public int Runs => _runs.Count;

    /// <summary>
    /// Takes one part of a unit: its lines and their prefixes, in order. Thread-safe; copies the bytes. When memory
    /// is full, the caller writes it out as a run while other threads fill the other half.
    /// </summary>
    public void Add(long unit, int part, ReadOnlySpan<byte> bytes, List<(string Prefix, int Start, int Length)> lines)
    {
        Arena? full = null;
        lock (_gate)
        {
            while (_spare is null && _arena.Held >= _memoryBytes)
            {
                // Both halves full, one being written: wait for it, so memory stays bounded.
                Monitor.Wait(_gate);
            }

            // Group by prefix, keeping each prefix's lines in order: a stable sort of the line list.
            _sorted.Clear();
            _sorted.AddRange(lines);
            StableSortByPrefix(_sorted);
            int i = 0;
            while (i < _sorted.Count)
            {
                string prefix = _sorted[i].Prefix;
                int length = 0;
                for (int j = i; j < _sorted.Count && _sorted[j].Prefix == prefix; j++)
                {
                    length += _sorted[j].Length;
                }

                Span<byte> target = _arena.Reserve(length, out int chunk, out int offset);
                int written = 0;
                for (; i < _sorted.Count && _sorted[i].Prefix == prefix; i++)
                {
                    bytes.Slice(_sorted[i].Start, _sorted[i].Length).CopyTo(target[written..]);
                    written += _sorted[i].Length;
                }

                _arena.Entries.Add((new SortKey(prefix, unit, part), chunk, offset, length));
                _arena.Held += length;
            }

            if (_arena.Held >= _memoryBytes && _spare is not null)
            {
                full = _arena;
                (_arena, _spare) = (_spare, null);
            }
        }

        if (full is not null)
        {
            try
            {
                Spill(full);
            }
            finally
            {
                lock (_gate)
                {
                    _spare = full;
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    /// <summary>
    /// Hands every prefix's lines to <paramref name="emit"/> in <see cref="SortKey"/> order, in pieces (one part of a
    /// unit at a time, whole lines). Call once, after the last <see cref="Add"/>.
    /// </summary>
    public void Merge(Action<string, ReadOnlySpan<byte>> emit)
    {
        var queue = new PriorityQueue<ICursor, SortKey>();
        var cursors = new List<ICursor>();
        try
        {
            // The spare half is not needed any more.
            _spare = null;
            _arena.Entries.Sort((a, b) => a.Key.CompareTo(b.Key));
            cursors.Add(new MemoryCursor(_arena));
            cursors.AddRange(_runs.Select(run => (ICursor)new FileCursor(run)));
            foreach (ICursor cursor in cursors)
            {
                if (cursor.MoveNext())
                {
                    queue.Enqueue(cursor, cursor.Key);
                }
            }

            while (queue.TryDequeue(out ICursor? cursor, out SortKey key))
            {
                emit(key.Prefix, cursor.Bytes());
                if (cursor.MoveNext())
                {
                    queue.Enqueue(cursor, cursor.Key);
                }
            }
        }
        finally
        {
            foreach (ICursor cursor in cursors)
            {
                cursor.Dispose();
            }
        }
    }

    public void Dispose()
    {
        if (_folderMade && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static void StableSortByPrefix(List<(string Prefix, int Start, int Length)> lines)
    {
        // Start offsets grow with the order of arrival, so they break ties stably.
        lines.Sort((a, b) =>
        {
            int byPrefix = ReferenceEquals(a.Prefix, b.Prefix) ? 0 : string.CompareOrdinal(a.Prefix, b.Prefix);
            return byPrefix != 0 ? byPrefix : a.Start.CompareTo(b.Start);
        });
    }

    /// <summary>Writes an arena, sorted, as one run file, and empties it for reuse.</summary>
    private void Spill(Arena arena)
    {
        string path;
        lock (_gate)
        {
            if (!_folderMade)
            {
                Directory.CreateDirectory(_folder);
                _folderMade = true;
            }

            path = Path.Combine(_folder, $"run-{_runs.Count:D6}.bin");
            _runs.Add(path);
        }

        arena.Entries.Sort((a, b) => a.Key.CompareTo(b.Key));
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
        {
            Span<byte> header = stackalloc byte[16];
            foreach ((SortKey key, int chunk, int offset, int length) in arena.Entries)
            {
                int prefixBytes = Encoding.UTF8.GetByteCount(key.Prefix);
                BinaryPrimitives.WriteInt32LittleEndian(header, prefixBytes);
                file.Write(header[..4]);
                file.Write(Encoding.UTF8.GetBytes(key.Prefix));
                BinaryPrimitives.WriteInt64LittleEndian(header, key.Unit);
                BinaryPrimitives.WriteInt32LittleEndian(header[8..], key.Part);
                BinaryPrimitives.WriteInt32LittleEndian(header[12..], length);
                file.Write(header);
                file.Write(arena.Chunks[chunk].AsSpan(offset, length));
            }
        }

        arena.Clear();
    }

    /// <summary>Lines held in memory: large chunks, reused run after run, and the entries that point into them.</summary>
    private sealed class Arena
    {
        private int _chunk;
        private int _offset;

        public List<byte[]> Chunks { get; } = [];

        public List<(SortKey Key, int Chunk, int Offset, int Length)> Entries { get; } = [];

        public long Held { get; set; }

        public Span<byte> Reserve(int length, out int chunk, out int offset)
        {
            if (Chunks.Count == 0 || _offset + length > Chunks[_chunk].Length)
            {
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

    private interface ICursor : IDisposable
    {
        SortKey Key { get; }

        bool MoveNext();

        ReadOnlySpan<byte> Bytes();
    }

    /// <summary>What is still in memory, sorted.</summary>
    private sealed class MemoryCursor(Arena arena) : ICursor
    {
        private int _index = -1;

        public SortKey Key => arena.Entries[_index].Key;

        public bool MoveNext() => ++_index < arena.Entries.Count;

        public ReadOnlySpan<byte> Bytes()
        {
            (_, int chunk, int offset, int length) = arena.Entries[_index];
            return arena.Chunks[chunk].AsSpan(offset, length);
        }

        public void Dispose()
        {
        }
    }

    /// <summary>One run file, read forward.</summary>
    private sealed class FileCursor(string path) : ICursor
    {
        private readonly FileStream _file = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        private byte[] _bytes = new byte[1 << 16];
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
            long unit = BinaryPrimitives.ReadInt64LittleEndian(header);
            int part = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            _length = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
            if (_bytes.Length < _length)
            {
                _bytes = new byte[_length];
            }

            _file.ReadExactly(_bytes.AsSpan(0, _length));
            Key = new SortKey(text, unit, part);
            return true;
        }

        public ReadOnlySpan<byte> Bytes() => _bytes.AsSpan(0, _length);

        public void Dispose() => _file.Dispose();
    }
}
