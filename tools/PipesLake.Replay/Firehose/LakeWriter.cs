using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Firehose;

/// <summary>
/// The delivery stream's S3 side for a whole run: workers hand it lines per prefix (<see cref="UnitLines"/>), a
/// <see cref="PartitionSorter"/> brings each partition's lines together in input order in bounded memory, and at
/// <see cref="Complete"/> each partition becomes one object, or one per buffer size (cut after the line that
/// fills it, as Firehose cuts), named as Firehose names them:
/// <c>&lt;prefix&gt;&lt;stream&gt;-&lt;version&gt;-&lt;yyyy-MM-dd-HH-mm-ss&gt;-&lt;uuid&gt;</c>. The UUID is a hash of the object's place in
/// its partition, the prefix and the content: the same run writes the same names, so a rerun after an
/// interruption finds what it already wrote, and another input never lands under a name this one uses.
/// </summary>
internal sealed class LakeWriter : IDisposable
{
    private const int StreamVersion = 1;
    private const int FirstObjectBytes = 1 << 16;

    private readonly LakeWriterOptions _options;
    private readonly PartitionSorter _sorter;
    private readonly ObjectQueue _queue;
    // The object being cut, in an array of the store's pool that is handed to the store whole: no copy per object.
    private byte[] _object;
    private int _length;
    // An object larger than this goes on in a file (_file, its hash kept as it grows): the memory a run holds does not
    // depend on how large a partition's object gets (up to the buffer size, 128 MiB). An eighth of the sort memory.
    private readonly long _inMemoryBytes;
    private readonly string _objectFiles;
    private FileStream? _file;
    private IncrementalHash? _fileHash;
    private int _filesMade;
    private readonly string _time;
    private string? _prefix;
    // The delivery stream of the prefix being written: the table's, which names its objects.
    private string _stream = string.Empty;
    private int _index;
    private int _objectsSeen;
    private int _prefixesDone;
    private readonly YoungCollections _collections = new();
    private readonly List<UnitLines> _workers = [];

    public LakeWriter(LakeWriterOptions options, IObjectStore lake)
    {
        _options = options;
        _time = options.Arrival.UtcDateTime.ToString("yyyy-MM-dd-HH-mm-ss", System.Globalization.CultureInfo.InvariantCulture);
        // Run files go to the run's temporary folder: a dead run's are removed by the next run.
        string spill = Path.Combine(lake.TempFolder, "spill");
        _sorter = new PartitionSorter(spill, options.MaxBufferedBytes, _collections);
        _objectFiles = spill + "-objects";
        _inMemoryBytes = Math.Max(FirstObjectBytes, options.MaxBufferedBytes / 8);
        _queue = new ObjectQueue(lake, options.Gzip, options.Conversions) { Faults = options.Faults };
        _object = _queue.Rent(FirstObjectBytes);
    }

    /// <summary>Objects written or found; final after <see cref="Complete"/>.</summary>
    public int Objects { get; private set; }

    /// <summary>Data partitions (prefixes under <c>data/</c>) with lines; final after <see cref="Complete"/>.</summary>
    public int Partitions { get; private set; }

    /// <summary>Sorted runs written to disk; final after <see cref="Complete"/>.</summary>
    public int SortedRuns => _sorter.Runs;

    /// <summary>Objects that were too large to hold and went through a file; final after <see cref="Complete"/>.</summary>
    public int ObjectsThroughFiles => _filesMade;

    /// <summary>Bytes this run put into the lake; final after <see cref="Complete"/>.</summary>
    public long BytesWritten => _queue.BytesWritten;


    /// <summary>Fills a summary with what this writer did; call after <see cref="Complete"/>.</summary>
    public void Report(WrittenObjects summary)
    {
        summary.Partitions = Partitions;
        summary.Objects = Objects;
        summary.SortedRuns = SortedRuns;
        summary.AlreadyThere = _queue.AlreadyThere;
        summary.Repaired = _queue.Repaired;
        (summary.WrittenTwice, summary.LinesWrittenTwice) = (_queue.WrittenTwice, _queue.LinesWrittenTwice);
        summary.Bytes = BytesWritten;
        lock (_workers)
        {
            summary.NotConverted = _workers.Sum(w => w.Refused);
        }
    }

    /// <summary>For progress lines: "sorting" while lines are taken, then the partitions written of all of them.</summary>
    public string Progress() => Volatile.Read(ref _prefixesDone) is var done && done == 0 && Volatile.Read(ref _objectsSeen) == 0
        ? "sorting"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"writing: {done:N0} of {_sorter.Prefixes:N0} partitions, {Volatile.Read(ref _objectsSeen):N0} objects");

    /// <summary>A worker's buffer: one per thread, reused unit after unit.</summary>
    public UnitLines Worker()
    {
        var lines = new UnitLines(_sorter, _options.Conversions);
        lock (_workers)
        {
            _workers.Add(lines);
        }

        return lines;
    }

    /// <summary>One of Firehose's error records for a record the function failed, onto a worker's lines.</summary>
    public void AppendError(UnitLines lines, string prefix, TransformOutcome failed, string rawData, string lambdaArn)
    {
        var line = new ArrayBufferWriter<byte>(rawData.Length + 256);
        FirehoseErrorRecord.Write(line, _options.Arrival.ToUnixTimeMilliseconds(), 1, failed, rawData, lambdaArn);
        lines.Append(prefix, line.WrittenSpan);
    }

    /// <summary>Writes every partition's objects and waits until all are in the lake. Call once every worker has ended.</summary>
    public void Complete()
    {
        _sorter.Merge(Emit);
        Finish();
        _queue.Complete();
    }

    public void Dispose()
    {
        _file?.Dispose();
        _fileHash?.Dispose();
        _queue.Return(_object);
        _queue.Dispose();
        _sorter.Dispose();
        if (Directory.Exists(_objectFiles))
        {
            Directory.Delete(_objectFiles, recursive: true);
        }
    }

    private void Emit(string prefix, ReadOnlySpan<byte> lines)
    {
        if (!ReferenceEquals(prefix, _prefix) && prefix != _prefix)
        {
            Finish();
            if (_prefix is not null)
            {
                Interlocked.Increment(ref _prefixesDone);
            }

            _prefix = prefix;
            _stream = _options.Tables.StreamOf(prefix);
            _index = 0;
            Partitions += prefix.StartsWith(LakePrefixes.DataRoot, StringComparison.Ordinal) ? 1 : 0;
        }

        if (_length + lines.Length < _options.BufferBytes)
        {
            Write(lines);
            return;
        }

        while (!lines.IsEmpty)
        {
            int end = lines.IndexOf((byte)'\n');
            int take = end < 0 ? lines.Length : end + 1;
            Write(lines[..take]);
            lines = lines[take..];
            if (_length >= _options.BufferBytes)
            {
                Finish();
            }
        }
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        if (_file is null && _length + bytes.Length > _inMemoryBytes)
        {
            Directory.CreateDirectory(_objectFiles);
            _file = new FileStream(Path.Combine(_objectFiles, $"{_filesMade++}.object"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            _fileHash = StartHash(_index, _prefix!);
            _file.Write(_object, 0, _length);
            _fileHash.AppendData(_object, 0, _length);
        }

        if (_file is not null)
        {
            _file.Write(bytes);
            _fileHash!.AppendData(bytes);
            _length += bytes.Length;
            return;
        }

        if (_length + bytes.Length > _object.Length)
        {
            byte[] bigger = _queue.Rent(Math.Max(_object.Length * 2, _length + bytes.Length));
            _object.AsSpan(0, _length).CopyTo(bigger);
            _queue.Return(_object);
            _object = bigger;
        }

        bytes.CopyTo(_object.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Finish()
    {
        if (_length == 0)
        {
            return;
        }

        if (_file is not null)
        {
            string path = _file.Name;
            _file.Dispose();
            _file = null;
            _queue.PutFile(Name(Digest(_fileHash!)), path, _length);
            _fileHash!.Dispose();
            _fileHash = null;
        }
        else
        {
            using IncrementalHash hash = StartHash(_index, _prefix!);
            hash.AppendData(_object, 0, _length);
            _queue.Put(Name(Digest(hash)), _object, _length);
            _collections.Add(_length);
            _object = _queue.Rent(FirstObjectBytes);
        }

        _length = 0;
        _index++;
        Objects++;
        Volatile.Write(ref _objectsSeen, Objects);
    }

    private string Name(Guid id) => $"{_prefix}{_stream}-{StreamVersion}-{_time}-{id}";

    /// <summary>An object's hash, begun with its place in its partition and the prefix; its content follows.</summary>
    private static IncrementalHash StartHash(int ordinal, string prefix)
    {
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(number, ordinal);
        hash.AppendData(number);
        hash.AppendData(Encoding.UTF8.GetBytes(prefix));
        return hash;
    }

    private static Guid Digest(IncrementalHash hash)
    {
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return new Guid(digest[..16]);
    }
}
