namespace PipesLake.Replay.Firehose;

/// <summary>
/// Collects the young generation once per <see cref="EveryBytes"/> of lines sorted and objects written. A run's
/// garbage is short-lived (records, names, streams, hash contexts), but the collector sizes its young budget from
/// the CPU's cache: a VM reporting a 260 MiB L3 gets well over 100 MB, spread over fresh pages for seconds, and the
/// process's peak then rises with the length of the run (each long stretch without a collection a new high). Collecting
/// at a pace set by the work keeps that garbage on the same few pages whatever the input's size.
/// </summary>
internal sealed class YoungCollections
{
    /// <summary>
    /// Bytes of work between two collections. At 32 MiB a backfill's peak still grew with its input (1.16 times from
    /// 1,000,000 to 5,000,000 items) and the kernel spent about 35 s of a 5,000,000-item backfill giving it fresh pages;
    /// at 16 MiB the peak is the same at both sizes and that kernel time about 14 s (README, "Whole runs").
    /// </summary>
    public const long EveryBytes = 16L * 1024 * 1024;

    private long _since;

    /// <summary>Counts <paramref name="bytes"/> of work done; collects when they make up <see cref="EveryBytes"/>. Thread-safe.</summary>
    public void Add(long bytes)
    {
        long since = Interlocked.Add(ref _since, bytes);
        if (since >= EveryBytes && Interlocked.CompareExchange(ref _since, 0, since) == since)
        {
            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        }
    }
}
