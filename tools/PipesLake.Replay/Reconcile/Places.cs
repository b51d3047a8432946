namespace PipesLake.Replay.Reconcile;

/// <summary>
/// Places of input that could not be used: all counted, the first few in name order named, whatever order threads
/// find them in (memory stays flat however many there are). Thread-safe.
/// </summary>
internal sealed class Places
{
    /// <summary>How many are named.</summary>
    public const int Named = 20;

    private readonly SortedSet<string> _first = new(StringComparer.Ordinal);
    private long _count;

    /// <summary>How many there are.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>The first <see cref="Named"/> in ordinal order.</summary>
    public IReadOnlyList<string> First
    {
        get
        {
            lock (_first)
            {
                return [.. _first];
            }
        }
    }

    public void Add(string place)
    {
        Interlocked.Increment(ref _count);
        lock (_first)
        {
            _first.Add(place);
            if (_first.Count > Named)
            {
                _first.Remove(_first.Max!);
            }
        }
    }
}
