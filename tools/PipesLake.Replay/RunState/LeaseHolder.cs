using System.Globalization;

namespace PipesLake.Replay.RunState;

/// <summary>Who holds a lease in a bucket, and when it last said it was alive.</summary>
/// <param name="Host">The machine's name.</param>
/// <param name="Pid">The process on that machine.</param>
/// <param name="Run">This run's own id, so a process never mistakes another run's lease for its own.</param>
/// <param name="Started">When the run took the lease.</param>
/// <param name="Renewed">When the run last renewed it.</param>
internal sealed record LeaseHolder(string Host, int Pid, string Run, DateTimeOffset Started, DateTimeOffset Renewed)
{
    /// <summary>This process, now.</summary>
    public static LeaseHolder Me(DateTimeOffset now) => new(Environment.MachineName, Environment.ProcessId, Guid.NewGuid().ToString("N"), now, now);

    /// <summary>
    /// Whether the holder is gone: it has not renewed the lease for <paramref name="expiry"/>, or it ran on this
    /// machine and its process has ended (a rerun right after a crash need not wait).
    /// </summary>
    public bool IsGone(DateTimeOffset now, TimeSpan expiry) =>
        now - Renewed > expiry || (Host == Environment.MachineName && !IsAlive(Pid));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"host {Host}, process {Pid}, since {Started.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}, renewed {Renewed.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
