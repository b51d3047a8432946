using System.Collections.Concurrent;
using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Runs;

/// <summary>
/// Items of a DynamoDB export of one of the stack's tables (its manifest names it) into that table's part of the lake,
/// through the function's own code with the table's partitioning rules: each item becomes the record
/// the pipe would send for an INSERT made at the export time, with sequence number <c>0</c> (which sorts
/// before every stream sequence number, so a live change of the same item always wins in
/// <c>changes_current</c>) and event id <c>export-&lt;export id&gt;</c>. Items that fail go to the errors prefix as
/// Firehose writes them. Data files are independent: workers (one per core) take one each, streamed line by
/// line, and the <see cref="LakeWriter"/> puts their lines in file order, so the lake is the same from one worker
/// or many, and each partition is one object whatever order the export lists its items in.
/// </summary>
internal sealed class BackfillRunner : IDisposable
{
    /// <summary>The snapshot's sequence number: shorter than any stream sequence number, so it sorts first.</summary>
    public const string SnapshotSequence = "0";

    private readonly ExportManifest _export;
    private readonly LakeSettings _settings;
    private readonly StackTables _tables;
    private readonly TableSettings _table;
    private readonly string _errorPrefix;
    private readonly IObjectStore _lake;
    private readonly bool _gzip;
    private LakeWriter _writer = null!;
    private readonly string _lambdaArn;
    private readonly BackfillSummary _summary = new();
    private readonly OrderedCommits<FileResult> _commits;
    private long _items;

    /// <summary>A backfill into <paramref name="lake"/>, which the caller keeps.</summary>
    /// <exception cref="ReplayException">The export's table is not one of the stack's.</exception>
    public BackfillRunner(ExportManifest export, LakeSettings settings, IObjectStore lake, bool gzip)
    {
        _export = export;
        _settings = settings;
        _tables = new StackTables(settings);
        _table = _tables.Named(export.TableName, "the export's manifest-summary.json");
        _lambdaArn = _tables.FunctionArn;
        _errorPrefix = StackTables.ErrorPrefix(_table, export.ExportTime, FirehoseErrorRecord.ProcessingFailedType);
        _lake = lake;
        _gzip = gzip;
        _commits = new OrderedCommits<FileResult>(Apply);
    }

    /// <summary>Workers; the lake is the same for any number.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Line bytes held in memory before a sorted run goes to disk (twice this at most, while one is written).</summary>
    public long SortMemoryBytes { get; init; } = LakeWriterOptions.DefaultSortMemoryBytes;

    /// <summary>Items read so far, for progress lines.</summary>
    public long Records => Interlocked.Read(ref _items);

    /// <summary>Objects written so far (they are written once every item is read), for progress lines.</summary>
    public string Detail() => _writer?.Progress() ?? "reading";

    /// <summary>
    /// Backfills every data file, checking each in the same read (<see cref="ExportManifest.Read(ExportDataFile, ExportLine)"/>):
    /// objects are written only once every file has been read and has passed, so a damaged export writes nothing.
    /// <paramref name="progress"/> receives the bytes of the files done; <paramref name="beforeWriting"/> runs once
    /// every file has passed, before the first object is written (the run journal is written there).
    /// </summary>
    public BackfillSummary Run(Action<long>? progress = null, Action? beforeWriting = null)
    {
        _writer = new LakeWriter(new LakeWriterOptions(_tables, _settings.BufferSizeMiB * 1024L * 1024L, _gzip, _export.ExportTime)
        {
            MaxBufferedBytes = SortMemoryBytes,
            Conversions = TableConversions.For(_tables, _export.ExportTime),
        }, _lake);
        var files = new ConcurrentQueue<(int Index, ExportDataFile File)>(_export.DataFiles.Select((file, index) => (index, file)));
        long done = 0;
        var workers = new Workers("backfill-worker", Math.Min(Threads, _export.DataFiles.Count), self =>
        {
            var worker = new Worker(this);
            while (!self.Failed && files.TryDequeue(out (int Index, ExportDataFile File) next))
            {
                _commits.Commit(next.Index, worker.Run(next.Index, next.File, out long length));
                progress?.Invoke(Interlocked.Add(ref done, length));
            }
        });
        workers.Join();
        beforeWriting?.Invoke();
        _writer.Complete();
        _writer.Report(_summary);
        return _summary;
    }

    public void Dispose()
    {
        _writer?.Dispose();
    }

    private void Apply(FileResult result)
    {
        _summary.Items += result.Items;
        _summary.MalformedLines.AddRange(result.MalformedLines);
        _summary.Delivered += result.Delivered;
        _summary.FailedByReason.AddAll(result.FailedByReason);
    }

    /// <summary>What one data file came to.</summary>
    private sealed class FileResult
    {
        public long Items { get; set; }

        public List<string> MalformedLines { get; } = [];

        public long Delivered { get; set; }

        public Dictionary<RecordFailure, long> FailedByReason { get; } = [];
    }

    /// <summary>One worker's function, buffers and prefixes: nothing shared but the lake writer.</summary>
    private sealed class Worker(BackfillRunner runner)
    {
        private readonly RecordTransformer _function = new(runner._table.FunctionOptions);
        private readonly DataPrefixes _prefixes = new(runner._table);
        private readonly ExportRecord _render = new(runner._export.ExportId, runner._export.ExportTime);
        private readonly UnitLines _lines = runner._writer.Worker();

        public FileResult Run(int index, ExportDataFile file, out long length)
        {
            var result = new FileResult();
            _lines.Begin(index);
            length = runner._export.Read(file, (line, number) =>
            {
                result.Items++;
                Interlocked.Increment(ref runner._items);
                if (_render.Transform(line, _function) is not { } outcome)
                {
                    result.MalformedLines.Add($"{file.Name}:{number}");
                    return;
                }

                Deliver(outcome, result);
            });
            _lines.End();
            return result;
        }

        /// <summary>As the replay does: the function's line into the lake; base64 of the record only for one that fails.</summary>
        private void Deliver(TransformOutcome outcome, FileResult result)
        {
            if (outcome.IsOk)
            {
                _lines.Append(_prefixes.For(outcome.Key), _function.Line);
                result.Delivered++;
                return;
            }

            result.FailedByReason.Count(outcome.Failure);
            runner._writer.AppendError(_lines, runner._errorPrefix, outcome, Convert.ToBase64String(_render.Record), runner._lambdaArn);
        }
    }
}
