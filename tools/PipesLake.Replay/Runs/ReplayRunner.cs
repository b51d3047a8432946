using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Runs;

/// <summary>
/// The data path on one machine: the pipe's filter and input template, Firehose's Lambda buffering, the
/// partitioning library itself, and the delivery stream's prefixes and objects — each taken from the same
/// definitions the stack deploys. One thread cuts the input into units of records; workers (one per core) take
/// a unit each, filter, render, batch and transform it, and hand its lines to the <see cref="LakeWriter"/>,
/// which puts them in input order: the lake is the same from one worker or many.
/// </summary>
internal sealed class ReplayRunner : IDisposable
{
    // A unit is handed to a worker when it holds this many bytes of records (or BatchRecords records).
    private const int UnitBytes = 4 << 20;

    private readonly ReplayOptions _options;
    private readonly PipeVariables _variables;
    private readonly string _errorPrefix;
    private readonly LakeWriter _writer;
    private readonly string _lambdaArn;
    private readonly ReplaySummary _summary = new();
    private readonly ActivePartitions _active = new(FirehoseLimits.DefaultActivePartitions);
    private readonly OrderedCommits<UnitResult> _commits;
    private readonly LakeFolder? _ownFolder;
    private long _read;

    /// <summary>A replay into the folder <see cref="ReplayOptions.LakeRoot"/>.</summary>
    public ReplayRunner(ReplayOptions options)
        : this(options, new LakeFolder(options.LakeRoot), ownsLake: true)
    {
    }

    /// <summary>A replay into <paramref name="lake"/>, which the caller keeps.</summary>
    public ReplayRunner(ReplayOptions options, IObjectStore lake)
        : this(options, lake, ownsLake: false)
    {
    }

    private ReplayRunner(ReplayOptions options, IObjectStore lake, bool ownsLake)
    {
        _ownFolder = ownsLake ? (LakeFolder)lake : null;
        _options = options;
        LakeSettings settings = options.Settings;
        var names = new LakeNames(settings.Stack);
        string arn(string service, string resource) => $"arn:aws:{service}:{settings.Region}:000000000000:{resource}";
        _lambdaArn = arn("lambda", $"function:{names.Function}:$LATEST");
        _variables = new PipeVariables(
            arn("pipes", $"pipe/{names.Pipe}"),
            names.Pipe,
            arn("dynamodb", $"table/{settings.TableName}/stream/replay"),
            arn("firehose", $"deliverystream/{names.DeliveryStream}"),
            options.Arrival);
        // The arrival time is fixed for a run, so the error prefix is too.
        _errorPrefix = PrefixExpression.Parse(LakePrefixes.Error).Evaluate(null, options.Arrival, FirehoseErrorRecord.ProcessingFailedType, new Random(1));
        _writer = new LakeWriter(new LakeWriterOptions(names.DeliveryStream, settings.BufferSizeMiB * 1024L * 1024L, options.Gzip, options.Arrival) { MaxBufferedBytes = options.SortMemoryBytes, Conversion = ConversionCheck.For(settings, options.Arrival) }, lake);
        _commits = new OrderedCommits<UnitResult>(Apply);
    }

    /// <summary>
    /// Replays every record of the input; <paramref name="progress"/> receives input bytes read. The same input
    /// always gives the same lake, whatever <see cref="ReplayOptions.Threads"/> is.
    /// </summary>
    public ReplaySummary Run(Stream input, Action<long>? progress = null) => Run(input, progress, () => true)!;

    /// <summary>
    /// As <see cref="Run(Stream, Action{long}?)"/>; nothing is written before every record is read, and then
    /// <paramref name="beforeWriting"/> runs (the run journal is written there): when it returns false, nothing is
    /// written at all and the result is null.
    /// </summary>
    public ReplaySummary? Run(Stream input, Action<long>? progress, Func<bool> beforeWriting)
    {
        using var units = new BlockingCollection<RawUnit>(boundedCapacity: Math.Max(1, _options.Threads));
        var free = new ConcurrentBag<RawUnit>();
        using var stop = new CancellationTokenSource();
        var workers = new Workers("replay-worker", _options.Threads, _ =>
        {
            var worker = new Worker(this);
            foreach (RawUnit unit in units.GetConsumingEnumerable())
            {
                _commits.Commit(unit.Ordinal, worker.Run(unit));
                free.Add(unit);
            }
        }, stop.Cancel);
        try
        {
            Produce(input, units, free, progress, stop.Token);
        }
        catch (OperationCanceledException) when (workers.Failed)
        {
            // A worker failed: its exception is the run's, from Join.
        }
        finally
        {
            units.CompleteAdding();
            workers.Wait();
        }

        workers.Join();
        if (!beforeWriting())
        {
            return null;
        }

        _writer.Complete();
        _summary.Read = _read;
        _writer.Report(_summary);
        _active.Complete();
        _summary.MaxActivePartitions = _active.Max;
        _summary.WindowsOverActivePartitionQuota = _active.WindowsOverQuota;
        return _summary;
    }

    /// <summary>Records read so far, for progress lines.</summary>
    public long Records => Interlocked.Read(ref _read);

    /// <summary>Objects written so far (they are written once every record is read), for progress lines.</summary>
    public string Detail() => _writer.Progress();

    public void Dispose()
    {
        _writer.Dispose();
        _ownFolder?.Dispose();
    }

    private void Produce(Stream input, BlockingCollection<RawUnit> units, ConcurrentBag<RawUnit> free, Action<long>? progress, CancellationToken stop)
    {
        var source = new StreamRecordSource(input);
        long ordinal = 0;
        RawUnit unit = Next(free, ordinal);
        foreach (SourceRecord record in source.Read())
        {
            if (Interlocked.Increment(ref _read) % 16_384 == 0)
            {
                progress?.Invoke(source.BytesRead);
            }

            unit.Add(record);
            if (unit.Count >= _options.BatchRecords || unit.Bytes >= UnitBytes)
            {
                units.Add(unit, stop);
                unit = Next(free, ++ordinal);
            }
        }

        if (unit.Count > 0)
        {
            units.Add(unit, stop);
        }

        progress?.Invoke(source.BytesRead);
    }

    private static RawUnit Next(ConcurrentBag<RawUnit> free, long ordinal)
    {
        RawUnit unit = free.TryTake(out RawUnit? reused) ? reused : new RawUnit();
        unit.Reset(ordinal);
        return unit;
    }

    /// <summary>A unit's counts, added to the summary in input order.</summary>
    private void Apply(UnitResult result)
    {
        _summary.MalformedLines.AddRange(result.MalformedLines);
        _summary.FilteredOut += result.FilteredOut;
        _summary.TooLargeForFirehose.AddRange(result.TooLarge);
        _summary.Delivered += result.Delivered;
        _summary.Invocations += result.Invocations;
        _summary.FailedByReason.AddAll(result.FailedByReason);

        foreach ((long window, string prefix) in result.Active)
        {
            _active.Add(window, prefix);
        }
    }

    /// <summary>What one unit came to.</summary>
    private sealed class UnitResult
    {
        public List<long> MalformedLines { get; } = [];

        public long FilteredOut { get; set; }

        /// <summary>Lines of records too large for Firehose.</summary>
        public List<long> TooLarge { get; } = [];

        public long Delivered { get; set; }

        public long Invocations { get; set; }

        public Dictionary<RecordFailure, long> FailedByReason { get; } = [];

        /// <summary>Each (buffer window, prefix) the unit's records opened, once, in the order first seen.</summary>
        public List<(long Window, string Prefix)> Active { get; } = [];
    }

    /// <summary>One worker's own pipe definitions, function and buffers: nothing shared but the lake writer.</summary>
    private sealed class Worker
    {
        private readonly ReplayRunner _runner;
        private readonly EventPattern[] _patterns;
        private readonly InputTemplate _template;
        private readonly RecordTransformer _function;
        private readonly DataPrefixes _prefixes;
        private readonly UnitLines _lines;
        private readonly RenderedBatch _batch = new();
        private readonly HashSet<(long, string)> _active = [];
        private const int MaxDecisions = 1024;

        private readonly ArrayBufferWriter<byte> _filtered = new(1024);
        private readonly Dictionary<ulong, (byte[] Kept, bool Passes)> _decisions = [];
        private readonly RecordView? _view;
        private readonly int[] _filterFields = [];
        private UnitResult _result = new();

        public Worker(ReplayRunner runner)
        {
            _runner = runner;
            _patterns = [.. PipeDefinitions.FilterPatterns(runner._options.Settings).Select(EventPattern.Parse)];
            _template = InputTemplate.Parse(PipeDefinitions.InputTemplate, runner._variables);
            _function = new RecordTransformer(runner._options.Settings.FunctionOptions);
            _prefixes = new DataPrefixes();
            _lines = runner._writer.Worker();

            // A template of top-level fields renders from their raw bytes: no document of the whole record.
            if (_template.TopLevelFields is { } fields)
            {
                string[] filter = [.. _patterns.SelectMany(p => p.Fields).Distinct(StringComparer.Ordinal)];
                string[] kept = [.. fields.Concat(filter).Distinct(StringComparer.Ordinal)];
                _view = new RecordView(kept, ("dynamodb", "ApproximateCreationDateTime"));
                _filterFields = [.. filter.Select(f => Array.IndexOf(kept, f))];
            }
        }

        public UnitResult Run(RawUnit unit)
        {
            _result = new UnitResult();
            _active.Clear();
            _lines.Begin(unit.Ordinal);
            for (int i = 0; i < unit.Count; i++)
            {
                int start = _batch.Bytes.WrittenCount;
                if (!TryRender(unit[i], unit.Line(i), out long window))
                {
                    continue;
                }

                if (_batch.Bytes.WrittenCount - start > FirehoseLimits.MaxRecordBytes)
                {
                    // Firehose refuses the record; the pipe retries the batch and then sends it to the DLQ.
                    _batch.Discard(start);
                    _result.TooLarge.Add(unit.Line(i));
                    continue;
                }

                _batch.EndRecord(window);
                if (_batch.Count >= _runner._options.BatchRecords || _batch.Bytes.WrittenCount >= _runner._options.BatchBytes)
                {
                    Invoke();
                }
            }

            if (_batch.Count > 0)
            {
                Invoke();
            }

            _lines.End();
            return _result;
        }

        /// <summary>Parses, filters and renders one record onto the batch; false when it is malformed or filtered out.</summary>
        private bool TryRender(ReadOnlyMemory<byte> json, long line, out long window)
        {
            window = -1;
            if (_view is null)
            {
                return TryRenderFromDocument(json, line, ref window);
            }

            ReadOnlySpan<byte> record = json.Span;
            if (!_view.TryRead(record))
            {
                _result.MalformedLines.Add(line);
                return false;
            }

            // The filter sees the fields it names, as they are in the record: it decides on them alone. A repeated
            // name gives the filter every one of its values (event-ruler), which only the whole record holds.
            _filtered.ResetWrittenCount();
            _view.WriteKept(record, _filterFields, _filtered);
            if (!(_view.Repeats ? PassesWhole(record) : Passes(_filtered.WrittenSpan)))
            {
                _result.FilteredOut++;
                return false;
            }

            _template.Render(record, _view, _batch.Bytes);
            if (_view.Number is { } seconds && seconds >= 0)
            {
                window = (long)seconds / _runner._options.Settings.BufferIntervalSeconds;
            }

            return true;
        }

        /// <summary>
        /// The filter's decision on the fields it names. Records hold few distinct values there (an event name, a
        /// principal), so decisions are kept by those bytes: the same bytes, the same decision, without a document.
        /// </summary>
        private bool Passes(ReadOnlySpan<byte> kept)
        {
            ulong hash = System.IO.Hashing.XxHash64.HashToUInt64(kept);
            if (_decisions.TryGetValue(hash, out (byte[] Kept, bool Passes) known) && kept.SequenceEqual(known.Kept))
            {
                return known.Passes;
            }

            bool passes;
            using (JsonDocument document = JsonDocument.Parse(kept.ToArray()))
            {
                passes = _patterns.Any(p => p.Matches(document.RootElement));
            }

            if (_decisions.Count == MaxDecisions)
            {
                _decisions.Clear();
            }

            _decisions[hash] = (kept.ToArray(), passes);
            return passes;
        }

        private bool PassesWhole(ReadOnlySpan<byte> record)
        {
            using JsonDocument document = JsonDocument.Parse(record.ToArray());
            return _patterns.Any(p => p.Matches(document.RootElement));
        }

        /// <summary>For a template whose paths go below the top level: the whole record as a document.</summary>
        private bool TryRenderFromDocument(ReadOnlyMemory<byte> json, long line, ref long window)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json);
            }
            catch (JsonException)
            {
                _result.MalformedLines.Add(line);
                return false;
            }

            using (document)
            {
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    _result.MalformedLines.Add(line);
                    return false;
                }

                if (!_patterns.Any(p => p.Matches(root)))
                {
                    _result.FilteredOut++;
                    return false;
                }

                _template.Render(root, _batch.Bytes);
                if (root.TryGetProperty("dynamodb", out JsonElement dynamodb) && dynamodb.ValueKind == JsonValueKind.Object
                    && dynamodb.TryGetProperty("ApproximateCreationDateTime", out JsonElement created) && created.ValueKind == JsonValueKind.Number
                    && created.TryGetDouble(out double seconds) && seconds >= 0)
                {
                    window = (long)seconds / _runner._options.Settings.BufferIntervalSeconds;
                }

                return true;
            }
        }

        /// <summary>
        /// One function invocation of the batch. Firehose hands the function base64 and the function decodes it:
        /// the record's bytes reach its transform unchanged, so they are passed as they are; only a failed record's
        /// rawData, which Firehose writes, is encoded.
        /// </summary>
        private void Invoke()
        {
            _result.Invocations++;
            for (int i = 0; i < _batch.Count; i++)
            {
                ReadOnlySpan<byte> rendered = _batch[i];
                TransformOutcome outcome = _function.Transform(rendered);
                if (outcome.IsOk)
                {
                    string prefix = _prefixes.For(outcome.Key);
                    _lines.Append(prefix, _function.Line);
                    _result.Delivered++;
                    if (_batch.Window(i) >= 0 && _active.Add((_batch.Window(i), prefix)))
                    {
                        _result.Active.Add((_batch.Window(i), prefix));
                    }
                }
                else
                {
                    _result.FailedByReason.Count(outcome.Failure);
                    _runner._writer.AppendError(_lines, _runner._errorPrefix, outcome, Convert.ToBase64String(rendered), _runner._lambdaArn);
                }
            }

            _batch.Clear();
        }
    }
}
