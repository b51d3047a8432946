using System.Buffers.Binary;

namespace PipesLake.Replay.Reconcile;

/// <summary>
/// Records of a key and a payload (bytes), sorted by key in bounded memory: they gather in one buffer; a full buffer
/// is sorted and written to a run file in the run's temporary folder; <see cref="Runs"/> gives a reader of each run,
/// the last one still in memory. <see cref="KeyedMerge"/> reads them as one sorted sequence. One writer per thread.
/// </summary>
internal sealed class KeyedRuns : IDisposable
{
    /// <summary>Bytes before each record: the key's and the payload's lengths.</summary>
    public const int HeaderBytes = 4;

    private readonly string _folder;
    private readonly string _name;
    private readonly List<int> _offsets = [];
    private readonly List<string> _files = [];
    private byte[] _buffer;
    private int _used;

    /// <param name="folder">Where run files go (removed with the run's temporary folder).</param>
    /// <param name="name">Run files' names begin with it.</param>
    /// <param name="memoryBytes">The buffer's size: a run holds at most this many bytes.</param>
    public KeyedRuns(string folder, string name, int memoryBytes)
    {
        _folder = folder;
        _name = name;
        _buffer = GC.AllocateUninitializedArray<byte>(memoryBytes);
    }

    /// <summary>Records added.</summary>
    public long Count { get; private set; }

    /// <summary>Runs written to disk so far.</summary>
    public int Spilled => _files.Count;

    /// <summary>Adds one record; the key and payload are copied.</summary>
    /// <exception cref="ArgumentException">The key or payload is longer than 65,535 bytes.</exception>
    public void Add(ReadOnlySpan<byte> key, ReadOnlySpan<byte> payload)
    {
        if (key.Length > ushort.MaxValue || payload.Length > ushort.MaxValue)
        {
            throw new ArgumentException("a key or payload over 65,535 bytes", nameof(key));
        }

        int size = HeaderBytes + key.Length + payload.Length;
        if (_used + size > _buffer.Length)
        {
            Spill();
            if (size > _buffer.Length)
            {
                _buffer = new byte[size];
            }
        }

        Span<byte> at = _buffer.AsSpan(_used);
        BinaryPrimitives.WriteUInt16LittleEndian(at, (ushort)key.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(at[2..], (ushort)payload.Length);
        key.CopyTo(at[HeaderBytes..]);
        payload.CopyTo(at[(HeaderBytes + key.Length)..]);
        _offsets.Add(_used);
        _used += size;
        Count++;
    }

    /// <summary>A reader of each run: the files written, and what the buffer still holds, sorted.</summary>
    public IEnumerable<IKeyedReader> Runs()
    {
        SortBuffer();
        foreach (string file in _files)
        {
            yield return new FileRun(file);
        }

        if (_offsets.Count > 0)
        {
            yield return new MemoryRun(_buffer, [.. _offsets]);
        }
    }

    public void Dispose()
    {
        foreach (string file in _files)
        {
            File.Delete(file);
        }
    }

    /// <summary>The key of the record at <paramref name="offset"/> of <paramref name="buffer"/>.</summary>
    internal static ReadOnlySpan<byte> KeyAt(byte[] buffer, int offset) =>
        buffer.AsSpan(offset + HeaderBytes, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(offset)));

    private void SortBuffer()
    {
        byte[] buffer = _buffer;
        _offsets.Sort((a, b) => KeyAt(buffer, a).SequenceCompareTo(KeyAt(buffer, b)));
    }

    private void Spill()
    {
        if (_offsets.Count == 0)
        {
            return;
        }

        SortBuffer();
        string path = Path.Combine(_folder, $"{_name}-{_files.Count}.run");
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            foreach (int offset in _offsets)
            {
                int size = HeaderBytes + BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(offset)) + BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(offset + 2));
                file.Write(_buffer, offset, size);
            }
        }

        _files.Add(path);
        _offsets.Clear();
        _used = 0;
    }

    /// <summary>A sorted run still in the buffer.</summary>
    private sealed class MemoryRun(byte[] buffer, int[] offsets) : IKeyedReader
    {
        private int _next;
        private int _offset = -1;

        public ReadOnlySpan<byte> Key => KeyAt(buffer, _offset);

        public ReadOnlySpan<byte> Payload => buffer.AsSpan(_offset + HeaderBytes + Key.Length, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(_offset + 2)));

        public bool MoveNext()
        {
            if (_next == offsets.Length)
            {
                return false;
            }

            _offset = offsets[_next++];
            return true;
        }

        public void Dispose()
        {
        }
    }

    /// <summary>A sorted run in a file, read forward.</summary>
    private sealed class FileRun(string path) : IKeyedReader
    {
        private readonly FileStream _file = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        private byte[] _record = new byte[256];
        private int _keyLength;
        private int _payloadLength;

        public ReadOnlySpan<byte> Key => _record.AsSpan(0, _keyLength);

        public ReadOnlySpan<byte> Payload => _record.AsSpan(_keyLength, _payloadLength);

        public bool MoveNext()
        {
            Span<byte> header = stackalloc byte[HeaderBytes];
            int read = _file.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false);
            if (read == 0)
            {
                return false;
            }

            if (read < HeaderBytes)
            {
                throw new InvalidDataException($"the sort run {path} ends inside a record.");
            }

            _keyLength = BinaryPrimitives.ReadUInt16LittleEndian(header);
            _payloadLength = BinaryPrimitives.ReadUInt16LittleEndian(header[2..]);
            int size = _keyLength + _payloadLength;
            if (_record.Length < size)
            {
                _record = new byte[Math.Max(size, _record.Length * 2)];
            }

            _file.ReadExactly(_record, 0, size);
            return true;
        }

        public void Dispose() => _file.Dispose();
    }
}
