namespace PipesLake.Replay.Reconcile;

/// <summary>
/// The export's items and the lake's changes, both sorted by key, read side by side: each key's export state against
/// the lake's state at the export time (its change with the highest sequence number among those made at or before
/// it, as <c>changes_current</c> would have ranked them then), and each item counted as one <see cref="ReconcileKind"/>.
/// </summary>
internal sealed class ItemComparison(long exportMilliseconds, long toleranceMilliseconds, ReconcileReport report)
{
    private byte[] _key = new byte[64];
    private byte[] _best = new byte[256];
    private int _keyLength;
    private int _bestLength;

    /// <summary>Reads both sides to their ends; every key of either is counted once.</summary>
    public void Run(IKeyedReader export, IKeyedReader lake)
    {
        ArgumentNullException.ThrowIfNull(export);
        ArgumentNullException.ThrowIfNull(lake);
        bool haveExport = export.MoveNext();
        bool haveLake = lake.MoveNext();
        while (haveExport || haveLake)
        {
            int order = !haveExport ? 1 : !haveLake ? -1 : export.Key.SequenceCompareTo(lake.Key);
            Hold(order <= 0 ? export.Key : lake.Key);
            History history = order >= 0 ? Reduce(lake, out haveLake) : default;
            if (order <= 0)
            {
                Compare(Sighting.Read(export.Payload), history);
                haveExport = export.MoveNext();
            }
            else
            {
                Compare(history);
            }
        }
    }

    // An item of the export, and what the lake had of it at the export time.
    private void Compare(Sighting item, History history)
    {
        ReconcileKind kind = !history.Live ? ReconcileKind.Missing
            : Sighting.Read(Best).Hash != item.Hash ? ReconcileKind.Stale
            : ReconcileKind.Matching;
        Count(kind == ReconcileKind.Matching || !history.Near ? kind : ReconcileKind.WithinTolerance, item.Site, item.Day);
    }

    // An item only the lake has: a difference when it is live at the export time.
    private void Compare(History history)
    {
        if (history.Live)
        {
            Sighting best = Sighting.Read(Best);
            ReconcileKind kind = history.Near ? ReconcileKind.WithinTolerance : history.SeenInStream ? ReconcileKind.DeleteMissed : ReconcileKind.NotInTable;
            Count(kind, best.Site, best.Day);
        }
    }

    private void Count(ReconcileKind kind, ReadOnlySpan<byte> site, int day) => report.Count(kind, site, day, _key.AsSpan(0, _keyLength));

    private ReadOnlySpan<byte> Best => _best.AsSpan(0, _bestLength);

    /// <summary>Every change of the held key: the latest at or before the export time is kept in <see cref="Best"/>.</summary>
    private History Reduce(IKeyedReader lake, out bool more)
    {
        var history = default(History);
        _bestLength = 0;
        bool haveBest = false;
        do
        {
            Sighting change = Sighting.Read(lake.Payload);
            // Only the stream's times are approximate; a backfill's line carries its export's time, which is exact.
            history.Near |= !change.FromExport && Math.Abs(change.Milliseconds - exportMilliseconds) <= toleranceMilliseconds;
            if (change.Milliseconds <= exportMilliseconds)
            {
                history.SeenInStream |= !change.FromExport;
                if (!haveBest || Sighting.Later(change.Sequence, Sighting.Read(Best).Sequence))
                {
                    haveBest = true;
                    Copy(lake.Payload, ref _best, out _bestLength);
                }
            }

            more = lake.MoveNext();
        }
        while (more && lake.Key.SequenceEqual(_key.AsSpan(0, _keyLength)));

        history.Live = haveBest && Sighting.Read(Best).Operation != (byte)'D';
        return history;
    }

    private void Hold(ReadOnlySpan<byte> key) => Copy(key, ref _key, out _keyLength);

    private static void Copy(ReadOnlySpan<byte> from, ref byte[] into, out int length)
    {
        if (into.Length < from.Length)
        {
            into = new byte[Math.Max(from.Length, into.Length * 2)];
        }

        from.CopyTo(into);
        length = from.Length;
    }

    /// <summary>What the lake's changes of one item come to.</summary>
    private struct History
    {
        /// <summary>Its latest change at or before the export time exists and is not a delete.</summary>
        public bool Live;

        /// <summary>A change of it from the stream lies within the tolerance of the export time, on either side.</summary>
        public bool Near;

        /// <summary>A change of it at or before the export time came from the table's stream, not a backfill.</summary>
        public bool SeenInStream;
    }
}
