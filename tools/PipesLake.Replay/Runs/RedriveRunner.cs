using System.Globalization;
using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Runs;

/// <summary>
/// Sends Firehose's error records back through the function's code into the lake. An error record's
/// <c>rawData</c> is either the record as the pipe sent it (the function failed it, or failed as a whole)
/// or the lake line the function returned (Firehose could not deliver it, e.g. too many active partitions).
/// Each error object's records are grouped by partition and each group becomes one object named by a hash of its
/// prefix and lines: an object that is there with that content is not written again, so a second run over the same
/// input and lake writes nothing, and an error object can be moved away as soon as its own records are in.
/// An error object is all or nothing: its records are written only when every line of it is an error record and it
/// reads to its end, and it is handled only once they are all in the lake. Error objects are independent, so
/// workers (one per core) take one each; the lake, the handled list and the summary are the same from one worker
/// or many.
/// </summary>
internal sealed partial class RedriveRunner
{
    private readonly RedriveOptions _options;
    private readonly IObjectStore _lake;
    private readonly string _lambdaArn;
    private readonly RedriveSummary _summary = new();
    private readonly HashSet<string> _partitions = new(StringComparer.Ordinal);
    private readonly OrderedCommits<ObjectResult> _commits;
    private readonly StackTables _tables;
    private readonly TableConversions? _conversions;
    private long _objects;
    private long _records;

    public RedriveRunner(RedriveOptions options, IObjectStore lake)
    {
        _lake = lake;
        _options = options;
        var names = new LakeNames(options.Settings.Stack);
        _tables = new StackTables(options.Settings);
        _lambdaArn = $"arn:aws:lambda:{options.Settings.Region}:000000000000:function:{names.Function}:$LATEST";
        _commits = new OrderedCommits<ObjectResult>(Apply);
        // Each record keeps its own arrival (the error record's): the run's time never reaches what a redrive writes.
        _conversions = TableConversions.For(_tables, DateTimeOffset.UnixEpoch);
    }

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
        using IEnumerator<ErrorObject> next = objects.GetEnumerator();
        long ordinal = 0, read = 0;
        var workers = new Workers("redrive-worker", Threads, self =>
        {
            var worker = new Worker(this);
            while (!self.Failed)
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
                done?.Invoke(item, result.Handled);
                _commits.Commit(place, result);
                progress?.Invoke(Interlocked.Add(ref read, item.Length));
            }
        });
        workers.Join();
        _lake.Flush();
        _summary.Partitions = _partitions.Count;
        return _summary;
    }

    private void Apply(ObjectResult result)
    {
        Interlocked.Increment(ref _objects);
        _summary.ErrorObjects++;
        _summary.Records += result.Records;
        _summary.MalformedLines.AddRange(result.MalformedLines);
        _summary.Unused += result.Unused;
        _summary.Redriven += result.Redriven;
        _summary.NotConverted += result.NotConverted;
        _summary.AlreadyWritten += result.AlreadyWritten;
        _summary.ObjectsWritten += result.ObjectsWritten;
        _summary.Bytes += result.Bytes;
        _summary.FailedAgainByReason.AddAll(result.FailedAgainByReason);

        (result.Handled ? _summary.Handled : _summary.Left).Add(result.Handled ? result.Relative : $"{result.Relative} ({result.Why})");
        _partitions.UnionWith(result.Partitions);
    }

    /// <summary>What one error object came to.</summary>
    private sealed class ObjectResult(string relative)
    {
        public string Relative { get; } = relative;

        public bool Handled { get; set; }

        public string Why { get; set; } = string.Empty;

        public long Records { get; set; }

        public List<string> MalformedLines { get; } = [];

        public long Redriven { get; set; }

        /// <summary>Error records of this object when it is left whole: none is used.</summary>
        public long Unused { get; set; }

        public long NotConverted { get; set; }

        public long AlreadyWritten { get; set; }

        public int ObjectsWritten { get; set; }

        public long Bytes { get; set; }

        public Dictionary<RecordFailure, long> FailedAgainByReason { get; } = [];

        /// <summary>The data partitions its records went to.</summary>
        public List<string> Partitions { get; } = [];

        /// <summary>
        /// The object is left whole: its error records (its lines that are not error records stay listed as such) count as
        /// unused, not as what they would have come to had it been used.
        /// </summary>
        public void LeaveWhole(string why)
        {
            Why = why;
            Unused = Records - MalformedLines.Count;
            NotConverted = 0;
            FailedAgainByReason.Clear();
        }
    }
}
