namespace PipesLake.Replay.Reconcile;

/// <summary>
/// Sorted runs read as one sorted sequence: a binary heap of the runs by their current key, so each record costs
/// a logarithm of the number of runs. Records with equal keys come in no set order.
/// </summary>
internal sealed class KeyedMerge : IKeyedReader
{
    private readonly IKeyedReader[] _runs;
    private readonly int[] _heap;
    private int _count;
    private bool _started;

    public KeyedMerge(IEnumerable<IKeyedReader> runs)
    {
        _runs = [.. runs];
        _heap = new int[_runs.Length];
    }

    public ReadOnlySpan<byte> Key => _runs[_heap[0]].Key;

    public ReadOnlySpan<byte> Payload => _runs[_heap[0]].Payload;

    public bool MoveNext()
    {
        if (!_started)
        {
            _started = true;
            for (int i = 0; i < _runs.Length; i++)
            {
                if (_runs[i].MoveNext())
                {
                    _heap[_count++] = i;
                }
            }

            for (int i = (_count / 2) - 1; i >= 0; i--)
            {
                Down(i);
            }

            return _count > 0;
        }

        if (_count == 0)
        {
            return false;
        }

        if (!_runs[_heap[0]].MoveNext())
        {
            _heap[0] = _heap[--_count];
        }

        if (_count > 0)
        {
            Down(0);
        }

        return _count > 0;
    }

    public void Dispose()
    {
        foreach (IKeyedReader run in _runs)
        {
            run.Dispose();
        }
    }

    private bool Less(int a, int b) => _runs[_heap[a]].Key.SequenceCompareTo(_runs[_heap[b]].Key) < 0;

    private void Down(int at)
    {
        while (true)
        {
            int left = (2 * at) + 1;
            if (left >= _count)
            {
                return;
            }

            int smallest = left + 1 < _count && Less(left + 1, left) ? left + 1 : left;
            if (!Less(smallest, at))
            {
                return;
            }

            (_heap[at], _heap[smallest]) = (_heap[smallest], _heap[at]);
            at = smallest;
        }
    }
}
