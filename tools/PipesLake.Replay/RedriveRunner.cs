using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay;

/// <summary>
/// Sends Firehose's error records back through the function's code into the lake. An error record's
/// <c>rawData</c> is either the record as the pipe sent it (the function failed it, or failed as a whole)
/// or the lake line the function returned (Firehose could not deliver it, e.g. too many active partitions).
/// Objects are named by a hash of their prefix and lines, and an object that exists is not written
/// again: a second run over the same input and lake writes nothing.
/// </summary>
internal sealed class RedriveRunner : IDisposable
{
    private const long FlushAtBytes = 64L * 1024 * 1024;

    private readonly RedriveOptions _options;
    private readonly FirehoseBatchTransformer _function;
    private readonly PartitioningOptions _partitioning;
    private readonly DataPrefixes _dataPrefixes;
    private readonly PrefixExpression _errorPrefix = PrefixExpression.Parse(LakePrefixes.Error);
    private readonly ObjectStore _store;
    private readonly string _streamName;
    private readonly string _lambdaArn;
    private readonly Random _random = new(1);
    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private readonly RedriveSummary _summary = new();
    private long _buffered;

    public RedriveRunner(RedriveOptions options)
    {
        _options = options;
        _dataPrefixes = new DataPrefixes(options.Arrival);
        LakeSettings settings = options.Settings;
        var names = new LakeNames(settings.Stack);
        _partitioning = settings.FunctionOptions;
        _function = new FirehoseBatchTransformer(_partitioning);
        _store = new ObjectStore(options.Gzip);
        _streamName = names.DeliveryStream;
        _lambdaArn = $"arn:aws:lambda:{settings.Region}:000000000000:function:{names.Function}:$LATEST";
    }

    /// <summary>Redrives every file, in the order given; <paramref name="progress"/> receives input bytes read.</summary>
    public RedriveSummary Run(IReadOnlyList<FileInfo> files, Action<long>? progress = null)
    {
        long read = 0;
        foreach (FileInfo file in files)
        {
            _summary.ErrorObjects++;
            using (Stream input = Open(file))
            using (var reader = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
            {
                int number = 0;
                while (reader.ReadLine() is { } line)
                {
                    number++;
                    if (line.Length > 0)
                    {
                        Redrive(line, $"{file.Name}:{number}");
                    }
                }
            }

            // One object's records travel together, so the same input always makes the same objects.
            FlushAll();
            read += file.Length;
            progress?.Invoke(read);
        }

        _store.Complete();
        _summary.Bytes = _store.BytesWritten;
        _summary.Partitions = _dataPrefixes.Count;
        return _summary;
    }

    public void Dispose() => _store.Dispose();

    private void Redrive(string line, string where)
    {
        _summary.Records++;
        if (!TryReadErrorRecord(line, out string rawData, out long arrival, out long attempts, out string? lambdaArn))
        {
            _summary.MalformedLines.Add(where);
            return;
        }

        TransformOutcome outcome;
        byte[] decoded = ArrayPool<byte>.Shared.Rent((rawData.Length / 4 * 3) + 3);
        try
        {
            if (Convert.TryFromBase64String(rawData, decoded, out int length) && LakeLine.Is(decoded.AsSpan(0, length)))
            {
                ReadOnlySpan<byte> lakeLine = decoded.AsSpan(0, length).TrimEnd("\n"u8);
                outcome = LakeLine.KeyOf(lakeLine, _partitioning);
                if (outcome.IsOk)
                {
                    AppendData(outcome.Key, lakeLine, withNewline: true);
                    return;
                }
            }
            else
            {
                outcome = _function.TransformLine(rawData);
                if (outcome.IsOk)
                {
                    AppendData(outcome.Key, _function.Line, withNewline: false);
                    return;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(decoded);
        }

        _summary.FailedAgainByReason[outcome.Failure] = _summary.FailedAgainByReason.GetValueOrDefault(outcome.Failure) + 1;
        var record = new ArrayBufferWriter<byte>(rawData.Length + 256);
        FirehoseErrorRecord.Write(record, arrival, attempts, outcome, rawData, lambdaArn ?? _lambdaArn);
        string prefix = _errorPrefix.Evaluate(null, DateTimeOffset.FromUnixTimeMilliseconds(arrival), FirehoseErrorRecord.ProcessingFailedType, _random);
        Append(prefix, record.WrittenSpan, isData: false);
    }

    private void AppendData(PartitionKey key, ReadOnlySpan<byte> line, bool withNewline)
    {
        string prefix = _dataPrefixes.For(key);
        Append(prefix, line, isData: true);
        if (withNewline)
        {
            Append(prefix, "\n"u8, isData: true, newRecord: false);
        }
    }

    private void Append(string prefix, ReadOnlySpan<byte> bytes, bool isData, bool newRecord = true)
    {
        if (!_groups.TryGetValue(prefix, out Group? group))
        {
            group = new Group(prefix, isData);
            _groups.Add(prefix, group);
        }

        group.Append(bytes, newRecord);
        _buffered += bytes.Length;
        if (_buffered >= FlushAtBytes)
        {
            FlushAll();
        }
    }

    private void FlushAll()
    {
        foreach (Group group in _groups.Values)
        {
            string name = $"{group.Prefix}{_streamName}-redrive-{group.Hash()}{(_options.Gzip ? ".gz" : string.Empty)}";
            string path = Path.Combine(_options.LakeRoot, name.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(path) || !_written.Add(path))
            {
                _summary.AlreadyWritten += group.Records;
                continue;
            }

            _store.Put(path, group.Bytes.WrittenSpan.ToArray(), group.Bytes.WrittenCount);
            _summary.ObjectsWritten++;
            _summary.Redriven += group.IsData ? group.Records : 0;
        }

        _groups.Clear();
        _buffered = 0;
    }

    /// <summary>Reads an error record's fields; false for a line that is not one (no JSON object, no string rawData).</summary>
    private bool TryReadErrorRecord(string line, out string rawData, out long arrival, out long attempts, out string? lambdaArn)
    {
        rawData = string.Empty;
        arrival = _options.Arrival.ToUnixTimeMilliseconds();
        attempts = 1;
        lambdaArn = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("rawData", out JsonElement raw) || raw.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            rawData = raw.GetString()!;
            if (root.TryGetProperty("arrivalTimestamp", out JsonElement at) && at.TryGetInt64(out long ms) && ms >= 0)
            {
                arrival = ms;
            }

            if (root.TryGetProperty("attemptsMade", out JsonElement made) && made.TryGetInt64(out long count))
            {
                attempts = count;
            }

            if (root.TryGetProperty("lambdaArn", out JsonElement arn) && arn.ValueKind == JsonValueKind.String)
            {
                lambdaArn = arn.GetString();
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>An error object, plain or GZIP whatever its name says: Firehose names both the same way.</summary>
    private static Stream Open(FileInfo file)
    {
        FileStream stream = file.OpenRead();
        Span<byte> magic = stackalloc byte[2];
        int read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(stream, CompressionMode.Decompress) : stream;
    }

    /// <summary>The lines bound for one object, with a running hash of its prefix and content.</summary>
    private sealed class Group(string prefix, bool isData)
    {
        private readonly IncrementalHash _hash = CreateHash(prefix);

        public string Prefix { get; } = prefix;

        public bool IsData { get; } = isData;

        public ArrayBufferWriter<byte> Bytes { get; } = new();

        public long Records { get; private set; }

        public void Append(ReadOnlySpan<byte> bytes, bool newRecord)
        {
            Bytes.Write(bytes);
            _hash.AppendData(bytes);
            Records += newRecord ? 1 : 0;
        }

        public string Hash() => Convert.ToHexStringLower(_hash.GetHashAndReset().AsSpan(0, 16));

        private static IncrementalHash CreateHash(string prefix)
        {
            var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hash.AppendData(Encoding.UTF8.GetBytes(prefix + "\n"));
            return hash;
        }
    }
}
