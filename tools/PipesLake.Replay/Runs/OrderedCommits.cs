namespace PipesLake.Replay.Runs;

/// <summary>
/// Results of units that workers finish in any order, applied in the units' order: what depends on order
/// (counts over time windows, lists shown to the user) is the same from one thread or many. Holds at most the
/// results of units finished ahead of a slower one.
/// </summary>
internal sealed class OrderedCommits<T>(Action<T> apply)
{
    private readonly SortedDictionary<long, T> _waiting = [];
    private long _next;

    /// <summary>Hands in unit <paramref name="ordinal"/>'s result; applies it and every waiting one that now follows in order.</summary>
    public void Commit(long ordinal, T result)
    {
        lock (_waiting)
        {
            _waiting.Add(ordinal, result);
            while (_waiting.Remove(_next, out T? next))
            {
                apply(next);
                _next++;
            }
        }
    }
}
