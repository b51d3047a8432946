namespace PipesLake.Replay.Jobs;

/// <summary>
/// One run of a job, as the job sees it: the lake, its lease (taken once the job knows what it is: its input's
/// content, its export's manifests, its lake), its journal, its progress and its notices. Every lease still held is
/// released when the run ends, whatever ended it.
/// </summary>
internal sealed class JobRun : IDisposable
{
    private readonly List<Held> _held = [];

    public JobRun(LakeTarget target, ToolConsole console)
    {
        Target = target;
        Console = console;
    }

    /// <summary>The lake, opened.</summary>
    public LakeTarget Target { get; }

    /// <summary>Where objects and state go.</summary>
    public IObjectStore Store => Target.Store;

    /// <summary>Where notices and progress go.</summary>
    public ToolConsole Console { get; }

    /// <summary>Takes the lease of <paramref name="command"/> over <paramref name="input"/> (<see cref="RunLease.Key"/>) until disposed or the run ends.</summary>
    /// <exception cref="ReplayException">Another live run holds it: one line.</exception>
    public IDisposable Hold(string command, string input)
    {
        var held = new Held(Store.Hold(RunLease.Key(command, input)), this);
        _held.Add(held);
        return held;
    }

    /// <summary>Writes, or finds, the journal of the job over <paramref name="input"/> (<see cref="RunJournal.Begin"/>): the arrival its objects keep.</summary>
    public DateTimeOffset Journal(string command, JobInput input, IReadOnlyDictionary<string, string> options, DateTimeOffset arrival, bool asked) =>
        RunJournal.Begin(Store, command, input, options, arrival, asked);

    /// <summary>Runs <paramref name="work"/> with a progress line on a terminal (<see cref="ProgressReport"/>).</summary>
    public T Progress<T>(string verb, long? totalBytes, Func<Action<long>, T> work, Func<long> records, Func<string?>? detail = null, long? totalRecords = null) =>
        ProgressReport.Run(Console, verb, totalBytes, work, records, detail, totalRecords);

    /// <summary>One line of the tool's own on stderr.</summary>
    public void Say(string message) => Console.Say(message);

    public void Dispose()
    {
        // Last taken, first released.
        for (int i = _held.Count - 1; i >= 0; i--)
        {
            _held[i].Dispose();
        }
    }

    /// <summary>A lease the run releases at its end unless the job released it first.</summary>
    private sealed class Held(IDisposable lease, JobRun run) : IDisposable
    {
        private bool _released;

        public void Dispose()
        {
            if (!_released)
            {
                _released = true;
                run._held.Remove(this);
                lease.Dispose();
            }
        }
    }
}
