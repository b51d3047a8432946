using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Runs;

/// <summary>
/// Sends Firehose's error records back through the function's code into the lake. An error record's
/// <c>rawData</c> is either the record as the pipe sent it (the function failed it, or failed as a whole)
/// or the lake line the function returned (Firehose could not deliver it, e.g. too many active partitions).
/// Objects are named by a hash of their prefix and lines, and an object that is there with that content is
/// not written again: a second run over the same input and lake writes nothing. An error object is
/// all or nothing: its records are written only when every line of it is an error record and it reads to
/// its end, and it is handled (on the list the runbook moves) only once they are all on disk.
/// </summary>
internal sealed class RedriveRunner
{
    private readonly RedriveOptions _options;
    private readonly FirehoseBatchTransformer _function;
    private readonly PartitioningOptions _partitioning;
    private readonly DataPrefixes _dataPrefixes;
    private readonly PrefixExpression _errorPrefix = PrefixExpression.Parse(LakePrefixes.Error);
    private readonly IObjectStore _lake;
    private readonly string _streamName;
    private readonly string _lambdaArn;
    private readonly Random _random = new(1);
    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);
    private readonly RedriveSummary _summary = new();
    private bool _failedInPlace;
    private bool _inThisLake;

    public RedriveRunner(RedriveOptions options, IObjectStore lake)
    {
        _lake = lake;
        _options = options;
        _dataPrefixes = new DataPrefixes(options.Arrival);
        LakeSettings settings = options.Settings;
        var names = new LakeNames(settings.Stack);
        _partitioning = settings.FunctionOptions;
        _function = new FirehoseBatchTransformer(_partitioning);
        _streamName = names.DeliveryStream;
        _lambdaArn = $"arn:aws:lambda:{settings.Region}:000000000000:function:{names.Function}:$LATEST";
    }

    /// <summary>What is done so far, for progress lines: objects and records read, objects handled.</summary>
    public string Counts() => string.Create(CultureInfo.InvariantCulture, $"{_summary.ErrorObjects:N0} error objects, {_summary.Records:N0} records, {_summary.Handled.Count:N0} handled");

    /// <summary>
    /// Redrives every error object, in the order given; <paramref name="handled"/> is called for each once all its
    /// records are in the lake (or back under <c>errors/</c> with their reason); <paramref name="progress"/> receives
    /// input bytes read.
    /// </summary>
    public RedriveSummary Run(IEnumerable<ErrorObject> objects, Action<ErrorObject>? handled = null, Action<long>? progress = null)
    {
        long read = 0;
        foreach (ErrorObject item in objects)
        {
            _summary.ErrorObjects++;
            _inThisLake = item.StaysInLake;
            _failedInPlace = false;
            if (ReadObject(item) is { } unusable)
            {
                // Nothing of it is written: once it is repaired, its records go in once, as one object.
                _groups.Clear();
                _summary.Left.Add($"{item.Relative} ({unusable})");
            }
            else if (FlushAll(item.SourceKey) && !_failedInPlace)
            {
                _summary.Handled.Add(item.Relative);
                handled?.Invoke(item);
            }
            else
            {
                _summary.Left.Add($"{item.Relative} (records that fail again stay in it)");
            }

            read += item.Length;
            progress?.Invoke(read);
        }

        _summary.Partitions = _dataPrefixes.Count;
        return _summary;
    }

    /// <summary>Reads one error object into the groups; returns why none of it can be used, or null.</summary>
    private string? ReadObject(ErrorObject item)
    {
        int malformed = _summary.MalformedLines.Count;
        string relative = item.Relative;
        try
        {
            using Stream input = item.Open();
            using var reader = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            int number = 0;
            while (reader.ReadLine() is { } line)
            {
                number++;
                if (line.Length > 0)
                {
                    Redrive(line, $"{relative}:{number}");
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return $"unreadable: {e.Message.ReplaceLineEndings(" ")}";
        }

        return _summary.MalformedLines.Count > malformed ? "lines that are not error records" : null;
    }

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
        if (_inThisLake)
        {
            // Already under this lake's errors/: a copy with the new reason would count it twice.
            _failedInPlace = true;
            return;
        }

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
    }

    /// <summary>
    /// Writes one error object's groups but a copy of the object onto itself (its records fail again exactly
    /// as before); false when there was one, and the object then stays where it is.
    /// </summary>
    private bool FlushAll(string sourceKey)
    {
        bool complete = true;
        foreach (Group group in _groups.Values)
        {
            // The stream's name makes the name Firehose-like; the hash alone says which object it is, so a rerun
            // with another stack file (another stream name) or compression finds it too.
            string identity = $"-redrive-{group.Hash()}";
            string key = $"{group.Prefix}{_streamName}{identity}";
            bool itself = sourceKey.StartsWith(group.Prefix, StringComparison.Ordinal) && !sourceKey.AsSpan(group.Prefix.Length).Contains('/')
                && (sourceKey.EndsWith(identity, StringComparison.Ordinal) || sourceKey.EndsWith(identity + ".gz", StringComparison.Ordinal));
            if (!group.IsData && itself)
            {
                complete = false;
                continue;
            }

            (LakeWrite outcome, long bytes) = _lake.Put(key, group.Bytes.WrittenSpan, _options.Gzip, identity);
            _summary.Bytes += bytes;
            if (outcome == LakeWrite.AlreadyThere)
            {
                _summary.AlreadyWritten += group.Records;
                continue;
            }

            _summary.ObjectsWritten++;
            _summary.Redriven += group.IsData ? group.Records : 0;
        }

        _groups.Clear();
        return complete;
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
