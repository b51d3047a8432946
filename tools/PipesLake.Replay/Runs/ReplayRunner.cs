using System.Collections.Concurrent;
using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Runs;

/// <summary>
/// The data path on one machine, for every table of the stack: each record's table (its <c>eventSourceARN</c>) picks
/// that table's pipe (filter, input template with its partitioning rules), delivery stream (batches, prefixes, object
/// names) and error prefix, and the one function transforms it, each taken from the same definitions the stack
/// deploys. One thread cuts the input into units of records; workers (one per core) take a unit each, route, filter,
/// render, batch and transform it, and hand its lines to the <see cref="LakeWriter"/>, which puts them in input order:
/// the lake is the same from one worker or many.
/// </summary>
internal sealed partial class ReplayRunner : IDisposable
{
    // A unit is handed to a worker when it holds this many bytes of records (or BatchRecords records).
    private const int UnitBytes = 4 << 20;

    private readonly ReplayOptions _options;
    private readonly StackTables _tables;
    private readonly ConcurrentDictionary<string, TableRoute> _routes = new(StringComparer.Ordinal);
    private readonly LakeNames _names;
    private readonly TableRoute? _default;
    private readonly LakeWriter _writer;
    private readonly string _lambdaArn;
    private readonly ReplaySummary _summary = new();
    private readonly OrderedCommits<UnitResult> _commits;
    private long _read;

    /// <summary>A replay into <paramref name="lake"/>, which the caller keeps.</summary>
    /// <exception cref="ReplayException"><see cref="ReplayOptions.Table"/> is not a table of the stack.</exception>
    public ReplayRunner(ReplayOptions options, IObjectStore lake)
    {
        _options = options;
        LakeSettings settings = options.Settings;
        _tables = new StackTables(settings);
        _names = new LakeNames(settings.Stack);
        _lambdaArn = _tables.FunctionArn;
        // A record that names no table: --table's, or the one table of a stack that lists one. Without a stack file
        // every table is known by its records alone, so only --table names one.
        _default = options.Table is { } named ? Route(_tables.Named(named, "--table"))
            : !settings.AnyTable && settings.Tables.Count == 1 ? Route(settings.Tables[0]) : null;
        _writer = new LakeWriter(new LakeWriterOptions(_tables, settings.BufferSizeMiB * 1024L * 1024L, options.Gzip, options.Arrival)
        {
            MaxBufferedBytes = options.SortMemoryBytes,
            Conversions = TableConversions.For(_tables, options.Arrival),
            Faults = options.Faults,
        }, lake);
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
    /// <exception cref="ReplayException">A record of a table the stack does not list, or of none with no default table.</exception>
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
        foreach (TableRoute route in _routes.Values)
        {
            route.Active.Complete();
            _summary.MaxActivePartitions = Math.Max(_summary.MaxActivePartitions, route.Active.Max);
            _summary.WindowsOverActivePartitionQuota += route.Active.WindowsOverQuota;
        }

        return _summary;
    }

    /// <summary>Records read so far, for progress lines.</summary>
    public long Records => Interlocked.Read(ref _read);

    /// <summary>
    /// A table's route, made the first time one of its records is met: a stack file's tables are few, and without one
    /// (<see cref="LakeSettings.AnyTable"/>) the records name them.
    /// </summary>
    private TableRoute Route(TableSettings table) => _routes.GetOrAdd(table.Name, static (_, state) => state.Runner.NewRoute(state.Table), (Runner: this, Table: table));

    private TableRoute NewRoute(TableSettings table) => new(
        table,
        new PipeVariables(_tables.Arn("pipes", $"pipe/{_names.Pipe(table)}"), _names.Pipe(table), _tables.Arn("dynamodb", $"table/{table.Name}/stream/replay"), _tables.Arn("firehose", $"deliverystream/{_names.DeliveryStream(table)}"), _options.Arrival),
        // The arrival time is fixed for a run, so each table's error prefix is too.
        StackTables.ErrorPrefix(table, _options.Arrival, FirehoseErrorRecord.ProcessingFailedType),
        new ActivePartitions(FirehoseLimits.DefaultActivePartitions));

    /// <summary>Objects written so far (they are written once every record is read), for progress lines.</summary>
    public string Detail() => _writer.Progress();

    public void Dispose()
    {
        _writer.Dispose();
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
        _summary.Resent += result.Resent;
        _summary.Retried += result.Retried;
        _summary.FailedByReason.AddAll(result.FailedByReason);

        foreach ((TableRoute route, long window, string prefix) in result.Active)
        {
            route.Active.Add(window, prefix);
        }
    }

    /// <summary>What one table's records share in a run: its pipe's variables, its error prefix, its stream's active partitions.</summary>
    private sealed record TableRoute(TableSettings Table, PipeVariables Variables, string ErrorPrefix, ActivePartitions Active);

    /// <summary>What one unit came to.</summary>
    private sealed class UnitResult
    {
        public List<long> MalformedLines { get; } = [];

        public long FilteredOut { get; set; }

        /// <summary>Lines of records too large for Firehose.</summary>
        public List<long> TooLarge { get; } = [];

        public long Delivered { get; set; }

        public long Invocations { get; set; }

        /// <summary>Records delivered a second time: their pipe batch was sent again (<see cref="DeliveryFaults"/>).</summary>
        public long Resent { get; set; }

        /// <summary>Records Firehose refused in a partial failure and the pipe retried: later, never twice.</summary>
        public long Retried { get; set; }

        public Dictionary<RecordFailure, long> FailedByReason { get; } = [];

        /// <summary>Each (table, buffer window, prefix) the unit's records opened, once, in the order first seen.</summary>
        public List<(TableRoute Route, long Window, string Prefix)> Active { get; } = [];
    }
}
