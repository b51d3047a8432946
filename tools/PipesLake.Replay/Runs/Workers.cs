using System.Runtime.ExceptionServices;

namespace PipesLake.Replay.Runs;

/// <summary>
/// One body run on each of several threads, started at once. The first exception any of them throws is the run's:
/// the others see <see cref="Failed"/> and stop taking work, <c>onFailure</c> wakes whoever feeds them, and
/// <see cref="Join"/> rethrows it once all have ended.
/// </summary>
internal sealed class Workers
{
    private readonly Thread[] _threads;
    private ExceptionDispatchInfo? _failure;

    /// <param name="name">Thread names: name-0, name-1, ….</param>
    /// <param name="count">Threads, at least one.</param>
    /// <param name="body">What each runs; it is given these workers, to see <see cref="Failed"/>.</param>
    /// <param name="onFailure">Called once, on the failing thread, when the first body throws.</param>
    public Workers(string name, int count, Action<Workers> body, Action? onFailure = null)
    {
        _threads = [.. Enumerable.Range(0, Math.Max(1, count)).Select(i => new Thread(() =>
        {
            try
            {
                body(this);
            }
            catch (Exception e)
            {
                if (Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null) is null)
                {
                    onFailure?.Invoke();
                }
            }
        })
        { IsBackground = true, Name = $"{name}-{i}" })];
        foreach (Thread thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>Whether a body has thrown: the others stop taking work.</summary>
    public bool Failed => Volatile.Read(ref _failure) is not null;

    /// <summary>Waits for every thread; rethrows the first failure.</summary>
    public void Join()
    {
        Wait();
        _failure?.Throw();
    }

    /// <summary>Waits for every thread, whatever happened: before the caller's own exception leaves the run.</summary>
    public void Wait()
    {
        foreach (Thread thread in _threads)
        {
            thread.Join();
        }
    }
}
