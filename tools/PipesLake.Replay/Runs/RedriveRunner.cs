using System.Collections.Concurrent;
using System.Globalization;
using PipesLake.Blueprint;

namespace PipesLake.Replay.Runs;

/// <summary>
/// Sends Firehose's error records back through the function's code into the lake. An error record's
/// <c>rawData</c> is either the record as the pipe sent it (the function failed it, or failed as a whole)
/// or the lake line the function returned (Firehose could not deliver it, e.g. too many active partitions).
/// Error objects are independent, so workers (one per core) take one each; their lines go, in the objects' order, into
/// a batch of up to <see cref="BatchBytes"/>, and each of the batch's partitions becomes one object named by a hash of
/// its prefix and lines (<see cref="Batch"/>): an incident's thousands of small error objects make as few objects as a
/// replay of the same records. An error object is all or nothing: its records are used only when every line of it is
/// an error record and it reads to its end, and it is handled only once its batch is in the lake. Once it is, a marker
/// under <c>.pipeslake/redrive/</c> names the batch's error objects by their content, so a rerun, even over a copy of
/// the errors elsewhere, finds their lines written; a run cut short within a batch is rerun with the same batch, whose
/// objects it finds. The lake, the handled list and the summary are the same from one worker or many.
/// </summary>
internal sealed partial class RedriveRunner
{
    private readonly RedriveOptions _options;
    private readonly IObjectStore _lake;
    private readonly string _lambdaArn;
    private readonly RedriveSummary _summary = new();
    // Partitions by a hash of their prefix: counted without holding a name for each of a long run's tens of thousands.
    private readonly HashSet<UInt128> _partitions = [];
    private readonly OrderedCommits<ObjectResult> _commits;
    private readonly StackTables _tables;
    private readonly TableConversions? _conversions;
    private readonly HashSet<UInt128> _written;
    private readonly HashSet<UInt128> _taken = [];
    // Up to three batches are held at once (one filling, one waiting, one being written), and each error object's lines
    // until its batch takes them, in blocks kept for reuse: batch after batch, object after object, allocates nothing.
    private readonly Blocks _buffers;
    private readonly YoungCollections _young = new();
    private Batch _batch;
    private Action<ErrorObject, bool>? _done;
    private long _objects;
    private long _records;

    public RedriveRunner(RedriveOptions options, IObjectStore lake)
    {
        _lake = lake;
        _options = options;
        _tables = new StackTables(options.Settings);
        _lambdaArn = _tables.FunctionArn;
        _commits = new OrderedCommits<ObjectResult>(Apply);
        // Each record keeps its own arrival (the error record's): the run's time never reaches what a redrive writes.
        _conversions = TableConversions.For(_tables, DateTimeOffset.UnixEpoch);
        _written = Batch.Markers(lake);
        _buffers = new Blocks(4 * DefaultBatchBytes);
        _batch = new Batch(this);
    }

    /// <summary>Lines of data a batch gathers before its partitions are written (and its error objects handled).</summary>
    public long BatchBytes { get; init; } = DefaultBatchBytes;

    private const long DefaultBatchBytes = 32L << 20;

    /// <summary>
    /// The table an error object is of: the folder under <c>errors/</c> its key is in (<c>errors/&lt;table&gt;/…</c>, as each
    /// table's stream writes them).
    /// </summary>
    /// <exception cref="ReplayException">Its key names no table of the stack.</exception>
    public TableSettings TableOf(ErrorObject item)
    {
        if (_tables.OfKey(item.SourceKey) is { } table)
        {
            return table;
        }

        // errors/<table>/<type>/year=…: a folder of one table's errors (<type>/year=…) names no table.
        string[] parts = item.SourceKey.Split('/');
        return parts.Length > 3 && !parts[2].StartsWith("year=", StringComparison.Ordinal) ? _tables.Named(parts[1], $"the error object '{item.Relative}'")
            : throw new ReplayException($"the error object '{item.Relative}' lies in no table's folder (errors/<table>/…): pass the lake's errors/ as aws s3 sync brings it down, or --table for the errors of one table.");
    }

    /// <summary>Workers; the lake is the same for any number.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Error records read so far, for progress lines.</summary>
    public long Records => Interlocked.Read(ref _records);

    /// <summary>Error objects done so far, for progress lines.</summary>
    public string Detail() => string.Create(CultureInfo.InvariantCulture, $"{Interlocked.Read(ref _objects):N0} error objects");

    /// <summary>
    /// Redrives every error object; <paramref name="done"/> is called for each once all its records are in the lake
    /// (or back under <c>errors/</c> with their reason), with true when it is handled; <paramref name="progress"/>
    /// receives input bytes read.
    /// </summary>
    public RedriveSummary Run(IEnumerable<ErrorObject> objects, Action<ErrorObject, bool>? done = null, Action<long>? progress = null)
    {
        _done = done;
        if (objects is IReadOnlyCollection<ErrorObject> counted)
        {
            // Made once at its size: grown by doubling, it left as much again behind for the collector.
            _taken.EnsureCapacity(counted.Count);
        }

        using IEnumerator<ErrorObject> next = objects.GetEnumerator();
        long ordinal = 0, read = 0;
        // Full batches are written on a thread of their own, one at a time, in order, while the workers read on.
        using var full = new BlockingCollection<Batch>(boundedCapacity: 1);
        using var stop = new CancellationTokenSource();
        var writer = new Workers("redrive-batches", 1, _ =>
        {
            foreach (Batch batch in full.GetConsumingEnumerable())
            {
                batch.Write();
            }
        }, stop.Cancel);
        (_full, _stop) = (full, stop.Token);
        try
        {
            var workers = new Workers("redrive-worker", Threads, self =>
            {
                var worker = new Worker(this);
                while (!self.Failed && !writer.Failed)
                {
                    ErrorObject item;
                    long place;
                    lock (next)
                    {
                        if (!next.MoveNext())
                        {
                            return;
                        }

                        (item, place) = (next.Current, ordinal++);
                    }

                    ObjectResult result = worker.Run(item);
                    _commits.Commit(place, result);
                    // An object's garbage (its lines, decoded records) is short-lived: collected young, memory stays flat.
                    _young.Add(item.Length);
                    progress?.Invoke(Interlocked.Add(ref read, item.Length));
                }
            });
            workers.Join();
            full.Add(_batch, stop.Token);
        }
        catch (OperationCanceledException) when (writer.Failed)
        {
            // The writer failed: its exception is the run's, from its Join.
        }
        finally
        {
            full.CompleteAdding();
            writer.Wait();
        }

        writer.Join();
        _summary.Partitions = _partitions.Count;
        return _summary;
    }

    private BlockingCollection<Batch>? _full;
    private CancellationToken _stop;

    /// <summary>An object's result, in the objects' order: into the batch, which goes to be written once it is full.</summary>
    private void Apply(ObjectResult result)
    {
        _batch.Add(result);
        if (_batch.Bytes >= BatchBytes)
        {
            _full!.Add(_batch, _stop);
            _batch = new Batch(this);
        }
    }

    /// <summary>An object whose batch is written (or that had no lines for one): counted, and handed to <c>done</c>.</summary>
    private void Finish(ObjectResult result)
    {
        _done?.Invoke(result.Item, result.Handled);
        Interlocked.Increment(ref _objects);
        _summary.ErrorObjects++;
        _summary.Records += result.Records;
        _summary.MalformedLines.AddRange(result.MalformedLines);
        _summary.Unused += result.Unused;
        _summary.NotConverted += result.NotConverted;
        _summary.AlreadyWritten += result.AlreadyWritten;
        _summary.FailedAgainByReason.AddAll(result.FailedAgainByReason);

        if (result.Handled)
        {
            _summary.Handled++;
        }
        else
        {
            _summary.Left.Add($"{result.Relative} ({result.Why})");
        }
    }
}
