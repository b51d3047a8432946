namespace PipesLake.Replay.Firehose;

/// <summary>
/// Counts the partitions Firehose would hold open at once: the distinct prefixes of the records that arrive
/// within one buffer interval, taking the change's time as its arrival (the pipe delivers within seconds).
/// Firehose allows 500 active partitions per stream by default; past that, records go to the error prefix as
/// <c>activePartitionExceeded</c> (Firehose Developer Guide, "Buffer data for dynamic partitioning").
/// </summary>
internal sealed class ActivePartitions(int quota)
{
    // Stream records arrive nearly in order; a window this far behind the newest is complete.
    private const int OpenWindows = 4;

    private readonly SortedDictionary<long, HashSet<string>> _windows = [];

    /// <summary>The most partitions open in one window.</summary>
    public int Max { get; private set; }

    /// <summary>Windows with more partitions than the quota.</summary>
    public int WindowsOverQuota { get; private set; }

    /// <summary>Counts a record's prefix in its window.</summary>
    public void Add(long window, string prefix)
    {
        if (!_windows.TryGetValue(window, out HashSet<string>? prefixes))
        {
            prefixes = new HashSet<string>(StringComparer.Ordinal);
            _windows.Add(window, prefixes);
            while (_windows.Count > OpenWindows)
            {
                Close(_windows.Keys.First());
            }
        }

        prefixes.Add(prefix);
    }

    /// <summary>Closes every window still open.</summary>
    public void Complete()
    {
        while (_windows.Count > 0)
        {
            Close(_windows.Keys.First());
        }
    }

    private void Close(long window)
    {
        int count = _windows[window].Count;
        Max = Math.Max(Max, count);
        WindowsOverQuota += count > quota ? 1 : 0;
        _windows.Remove(window);
    }
}
