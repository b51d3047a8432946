using System.Collections.Concurrent;
using System.Text;
using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Reconcile;

/// <summary>
/// Compares a DynamoDB export with its table's part of the lake, in flat memory at any size: workers (one per core)
/// take export data files and lake objects one at a time; every export item becomes the line the function would make
/// of it (as a backfill makes it) and every lake line a change; both go to sorted runs spilled to disk (as the
/// backfill's sorter does), which are then merged by key and compared (<see cref="ItemComparison"/>). The export is
/// checked as backfill checks it (manifests, MD5, counts): a damaged export stops the run before any report.
/// </summary>
internal sealed class ReconcileRunner
{
    private readonly ExportManifest _export;
    private readonly TableSettings _table;
    private readonly TableObjects _lake;
    private readonly string _temp;
    private readonly ReconcileReport _report;
    private long _items;
    private long _lines;
    private long _objects;

    public ReconcileRunner(ExportManifest export, LakeSettings settings, TableObjects lake, string tempFolder, ReconcileReport report)
    {
        ArgumentNullException.ThrowIfNull(export);
        ArgumentNullException.ThrowIfNull(settings);
        _export = export;
        _table = new StackTables(settings).Named(export.TableName, "the export's manifest-summary.json");
        if (_table.Format == LakeFormat.Parquet)
        {
            throw new ReplayException($"the table '{_table.Name}' is written as Parquet ({SettingKeys.Format}); reconcile reads JSON lakes.");
        }

        _lake = lake;
        _temp = tempFolder;
        _report = report;
    }

    /// <summary>Workers.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Sort records held in memory by default, over every worker and both sides.</summary>
    public const long DefaultSortMemoryBytes = 96L * 1024 * 1024;

    /// <summary>Bytes of sort records held in memory, over every worker and both sides; the rest goes to disk.</summary>
    public long SortMemoryBytes { get; init; } = DefaultSortMemoryBytes;

    /// <summary>Sorted runs the last <see cref="Run"/> wrote to disk: none when every record fit in memory.</summary>
    public int SpilledRuns { get; private set; }

    /// <summary>Export items and lake lines read so far, for progress lines.</summary>
    public long Records => Interlocked.Read(ref _items) + Interlocked.Read(ref _lines);

    /// <summary>Reads both sides, then merges and compares them; the report holds what was found.</summary>
    public void Run(Action<long>? progress = null)
    {
        var work = new ConcurrentQueue<(ExportDataFile? File, string? Object)>(
            _export.DataFiles.Select(f => ((ExportDataFile?)f, (string?)null)).Concat(_lake.List().Select(o => ((ExportDataFile?)null, (string?)o))));
        int threads = Math.Max(1, Math.Min(Threads, work.Count));
        int memory = (int)Math.Clamp(SortMemoryBytes / (2 * threads), 1 << 16, int.MaxValue / 2);
        var workers = new Worker[threads];
        long done = 0;
        try
        {
            new Workers("reconcile-worker", threads, self =>
            {
                var worker = new Worker(this, Path.Combine(_temp, $"reconcile-{Environment.CurrentManagedThreadId}"), memory);
                lock (workers)
                {
                    workers[Array.IndexOf(workers, null)] = worker;
                }

                while (!self.Failed && work.TryDequeue(out (ExportDataFile? File, string? Object) next))
                {
                    long bytes = next.File is not null ? worker.Read(next.File) : worker.Read(next.Object!);
                    progress?.Invoke(Interlocked.Add(ref done, bytes));
                }
            }).Join();

            _report.ExportItems = _items;
            _report.LakeLines = _lines;
            _report.LakeObjects = _objects;
            SpilledRuns = workers.Sum(w => w is null ? 0 : w.Export.Spilled + w.Lake.Spilled);
            using var export = new KeyedMerge(workers.Where(w => w is not null).SelectMany(w => w.Export.Runs()));
            using var lake = new KeyedMerge(workers.Where(w => w is not null).SelectMany(w => w.Lake.Runs()));
            new ItemComparison(_export.ExportTime.ToUnixTimeMilliseconds(), (long)_report.Tolerance.TotalMilliseconds, _report).Run(export, lake);
        }
        finally
        {
            foreach (Worker? worker in workers)
            {
                worker?.Dispose();
            }
        }
    }

    /// <summary>A partition's day, as <see cref="DateOnly.DayNumber"/>.</summary>
    private static int DayOf(DateTime time) => DateOnly.FromDateTime(time).DayNumber;

    /// <summary>One worker's function, readers and sort runs: nothing shared but the report's places and counters.</summary>
    private sealed class Worker : IDisposable
    {
        private readonly ReconcileRunner _runner;
        private readonly RecordTransformer _function;
        private readonly ExportRecord _render;
        private readonly ItemState _state = new();
        private readonly byte[] _payload = new byte[Sighting.Size(255, 1024)];
        private readonly string _folder;

        public Worker(ReconcileRunner runner, string folder, int memory)
        {
            _runner = runner;
            _function = new RecordTransformer(runner._table.FunctionOptions);
            _render = new ExportRecord(runner._export.ExportId, runner._export.ExportTime);
            _folder = Directory.CreateDirectory(folder).FullName;
            Export = new KeyedRuns(_folder, "export", memory);
            Lake = new KeyedRuns(_folder, "lake", memory);
        }

        public KeyedRuns Export { get; }

        public KeyedRuns Lake { get; }

        /// <summary>One export data file's items, checked against the manifest as they are read; the file's bytes.</summary>
        public long Read(ExportDataFile file) => _runner._export.Read(file, (line, number) =>
        {
            Interlocked.Increment(ref _runner._items);
            if (_render.Transform(line, _function) is not { } outcome)
            {
                _runner._report.NotExportItems.Add($"{file.Name}:{number}");
                return;
            }

            if (!outcome.IsOk)
            {
                lock (_runner._report)
                {
                    // A record refused before its partition was known (no site, say) counts in no site's day.
                    _runner._report.Refused($"{file.Name}:{number}", outcome.Key.SiteId, DayOf(outcome.Key.Time));
                }

                return;
            }

            if (!_state.TryRead(_function.Line))
            {
                // The function's own line always reads; anything else is this tool's fault, not the export's.
                throw new InvalidOperationException($"the function's line for {file.Name}:{number} does not read back as a lake line.");
            }

            Add(Export, outcome.Key.SiteId, DayOf(outcome.Key.Time), 0, (byte)'E', fromExport: true, []);
        });

        /// <summary>One lake object's lines; its bytes as read.</summary>
        public long Read(string name)
        {
            Interlocked.Increment(ref _runner._objects);
            long bytes = 0;
            long number = 0;
            string? site = null;
            int day = 0;
            try
            {
                using Stream stream = _runner._lake.Open(name);
                var lines = new ByteLines(stream);
                while (lines.TryRead(out ReadOnlySpan<byte> line))
                {
                    number = lines.Number;
                    bytes += line.Length + 1;
                    if (line.IsEmpty)
                    {
                        continue;
                    }

                    Interlocked.Increment(ref _runner._lines);
                    if (!_state.TryRead(line))
                    {
                        _runner._report.NotLakeLines.Add($"{name}:{number}");
                        continue;
                    }

                    // Every line of an object is in its partition: the first says which.
                    if (site is null)
                    {
                        TransformOutcome key = LakeLine.KeyOf(line, _runner._table.FunctionOptions);
                        site = key.IsOk ? key.Key.SiteId : string.Empty;
                        day = DayOf(key.IsOk ? key.Key.Time : DateTime.UnixEpoch);
                    }

                    Add(Lake, site, day, _state.TimeMilliseconds, _state.Operation, _state.FromExport, _state.Sequence);
                }
            }
            catch (InvalidDataException)
            {
                _runner._report.UnreadableObjects.Add(name);
            }

            return bytes;
        }

        public void Dispose()
        {
            Export.Dispose();
            Lake.Dispose();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // The run's temporary folder goes with the run.
            }
        }

        private void Add(KeyedRuns runs, string site, int day, long milliseconds, byte operation, bool fromExport, ReadOnlySpan<byte> sequence)
        {
            Span<byte> siteBytes = stackalloc byte[Math.Min(Encoding.UTF8.GetMaxByteCount(site.Length), 1024)];
            int siteLength = Encoding.UTF8.GetBytes(site.AsSpan(0, Math.Min(site.Length, 256)), siteBytes);
            int length = new Sighting(_state.Hash, day, milliseconds, operation, fromExport, sequence[..Math.Min(sequence.Length, 255)], siteBytes[..siteLength]).Write(_payload);
            runs.Add(_state.Key, _payload.AsSpan(0, length));
        }
    }
}
