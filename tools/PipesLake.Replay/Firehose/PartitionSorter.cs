namespace PipesLake.Replay.Firehose;

/// <summary>
/// Brings every partition's lines together, whatever order the input holds them in, in bounded memory: parts of
/// units are kept in memory, grouped by prefix, up to <c>memoryBytes</c>; then they are sorted in
/// <see cref="SortOrder"/> and written to a run file on disk. At the end the runs are merged, and each partition's
/// lines come out once, in input order (by unit and part, whichever thread made them): the same lake for the
/// same input, from one thread or many.
/// </summary>
internal sealed partial class PartitionSorter : IDisposable
{
    // A part is at most UnitLines.PartBytes plus one line (a Firehose record is at most 1,000 KiB): one always fits.
    private const int ChunkBytes = 8 << 20;

    /// <summary>Run files read at once by default; more are first merged into fewer (see <see cref="Merge"/>).</summary>
    public const int DefaultMaxRunsMerged = 128;

    private readonly object _gate = new();
    private readonly string _folder;
    private readonly long _memoryBytes;
    private readonly int _maxRunsMerged;
    private readonly YoungCollections? _collections;
    private readonly List<string> _runs = [];
    // One spill at a time (the other half fills meanwhile), and merges come after the last: one writer serves all.
    private readonly RunWriter _runWriter = new();
    private static readonly Comparer<ICursor> CursorOrder = Comparer<ICursor>.Create((a, b) => SortOrder.Compare(a.Prefix, a.Unit, a.Part, b.Prefix, b.Unit, b.Part));
    private int _runsWritten;
    // The distinct prefixes seen, by hash: how many partitions the merge will emit, for progress (a collision only
    // makes the count one short).
    private readonly HashSet<ulong> _prefixes = [];
    private Arena _arena = new();
    private Arena? _spare = new();
    private bool _folderMade;

    /// <param name="folder">Where run files go (made when the first one is written, removed on dispose).</param>
    /// <param name="memoryBytes">How much is held in memory before a run is written: lines, their prefixes and entries, all counted.</param>
    /// <param name="maxRunsMerged">Run files read at once: each holds a read buffer, so this bounds the merge's memory.</param>
    /// <param name="collections">Told of the lines taken, to keep the young generation small (see <see cref="YoungCollections"/>).</param>
    public PartitionSorter(string folder, long memoryBytes, YoungCollections? collections = null, int maxRunsMerged = DefaultMaxRunsMerged)
    {
        _collections = collections;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRunsMerged, 2);
        _folder = folder;
        _memoryBytes = memoryBytes;
        _maxRunsMerged = maxRunsMerged;
    }

    /// <summary>Sorted runs written to disk so far, merged ones included.</summary>
    public int Runs => _runsWritten;

    /// <summary>The prefixes (partitions of <c>data/</c> and <c>errors/</c>) taken so far: after the last <see cref="Add"/>, what the merge emits.</summary>
    public int Prefixes
    {
        get
        {
            lock (_gate)
            {
                return _prefixes.Count;
            }
        }
    }

    /// <summary>
    /// Takes one part of a unit: its lines and their prefixes, in order (the list is sorted here, in place, by prefix).
    /// Thread-safe; copies the bytes. When memory is full, the caller writes it out as a run while other threads fill
    /// the other half.
    /// </summary>
    public void Add(long unit, int part, ReadOnlySpan<byte> bytes, List<(string Prefix, int Start, int Length)> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        // Group by prefix, keeping each prefix's lines in order: a stable sort of the caller's own list, before the lock,
        // so that one worker sorting its part does not hold up the others.
        StableSortByPrefix(lines);
        Arena? full = null;
        lock (_gate)
        {
            while (_spare is null && _arena.Held >= _memoryBytes)
            {
                // Both halves full, one being written: wait for it, so memory stays bounded.
                Monitor.Wait(_gate);
            }

            int i = 0;
            while (i < lines.Count)
            {
                string prefix = lines[i].Prefix;
                int length = 0;
                for (int j = i; j < lines.Count && lines[j].Prefix == prefix; j++)
                {
                    length += lines[j].Length;
                }

                _prefixes.Add(System.IO.Hashing.XxHash64.HashToUInt64(System.Runtime.InteropServices.MemoryMarshal.AsBytes(prefix.AsSpan())));
                Span<byte> target = _arena.Add(prefix, unit, part, length);
                int written = 0;
                for (; i < lines.Count && lines[i].Prefix == prefix; i++)
                {
                    bytes.Slice(lines[i].Start, lines[i].Length).CopyTo(target[written..]);
                    written += lines[i].Length;
                }
            }

            if (_arena.Held >= _memoryBytes && _spare is not null)
            {
                full = _arena;
                (_arena, _spare) = (_spare, null);
            }
        }

        _collections?.Add(bytes.Length);
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
    /// Hands every prefix's lines to <paramref name="emit"/> in <see cref="SortOrder"/>, in pieces of whole lines
    /// (at most one part of a unit each). Call once, after the last <see cref="Add"/>. A run file is read through a
    /// small buffer and its entries in pieces, so the merge holds little per run; with more runs than
    /// <c>maxRunsMerged</c>, the oldest are first merged into one, so what it holds is bounded whatever the input's size.
    /// </summary>
    public void Merge(Action<string, ReadOnlySpan<byte>> emit)
    {
        // The spare half is not needed any more.
        _spare = null;
        var pieces = new PieceBuffer();
        while (_runs.Count >= _maxRunsMerged)
        {
            string[] oldest = [.. _runs.Take(_maxRunsMerged)];
            _runs.RemoveRange(0, oldest.Length);
            string merged = NextRunPath();
            _runWriter.Open(merged);
            MergeCursors([.. oldest.Select(run => (ICursor)new FileCursor(run))], pieces, _runWriter.Write);
            _runWriter.Close();

            foreach (string run in oldest)
            {
                File.Delete(run);
            }
        }

        _arena.Sort();
        var text = new PrefixText();
        MergeCursors([new MemoryCursor(_arena), .. _runs.Select(run => (ICursor)new FileCursor(run))], pieces, (prefix, _, _, lines) => emit(text.Of(prefix), lines));
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

    private static void MergeCursors(List<ICursor> cursors, PieceBuffer pieces, Action<ReadOnlySpan<byte>, long, int, ReadOnlySpan<byte>> emit)
    {
        try
        {
            // A cursor is its own priority: its key changes only after it is taken out, before it goes back in.
            var queue = new PriorityQueue<ICursor, ICursor>(CursorOrder);
            foreach (ICursor cursor in cursors)
            {
                if (cursor.MoveNext())
                {
                    queue.Enqueue(cursor, cursor);
                }
            }

            while (queue.TryDequeue(out ICursor? cursor, out _))
            {
                cursor.Emit(pieces, emit);
                if (cursor.MoveNext())
                {
                    queue.Enqueue(cursor, cursor);
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

    /// <summary>Writes an arena, sorted, as one run file, and empties it for reuse.</summary>
    private void Spill(Arena arena)
    {
        string path;
        lock (_gate)
        {
            path = NextRunPath();
        }

        arena.Sort();
        _runWriter.Open(path);
        foreach (Entry entry in arena.Entries)
        {
            _runWriter.Write(arena.Prefix(entry), entry.Unit, entry.Part, arena.Lines(entry));
        }

        _runWriter.Close();

        arena.Clear();
    }

    /// <summary>The next run file's path; call under the lock or once writers are done.</summary>
    private string NextRunPath()
    {
        if (!_folderMade)
        {
            Directory.CreateDirectory(_folder);
            _folderMade = true;
        }

        string path = Path.Combine(_folder, $"run-{_runsWritten++:D6}.bin");
        _runs.Add(path);
        return path;
    }
}
