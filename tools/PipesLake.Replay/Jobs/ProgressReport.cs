using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PipesLake.Replay.Jobs;

/// <summary>
/// Progress of a long command, on stderr when it is a terminal: one line, rewritten in place twice a second from
/// two seconds on (records done, records per second, what else the command counts, input read and time left when
/// its size is known), erased at the end. When stderr is not a terminal (a log, a pipe, CI) nothing is printed.
/// </summary>
internal static class ProgressReport
{
    private static readonly TimeSpan FirstAfter = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);

    /// <summary>Runs <paramref name="work"/>, showing its progress on <paramref name="console"/>'s error writer when it is a terminal.</summary>
    /// <param name="console">Where the line goes.</param>
    /// <param name="verb">What the command does, e.g. "redriving".</param>
    /// <param name="totalBytes">The input's size, when it is known.</param>
    /// <param name="work">The run; it reports input bytes read to the callback it is given, from any thread.</param>
    /// <param name="records">Records done so far.</param>
    /// <param name="detail">What else is done, e.g. "40 error objects".</param>
    /// <param name="totalRecords">The input's records, when they are known before it is read (an export's manifest).</param>
    public static T Run<T>(ToolConsole console, string verb, long? totalBytes, Func<Action<long>, T> work, Func<long> records, Func<string?>? detail = null, long? totalRecords = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (!console.ErrorIsTerminal)
        {
            return work(_ => { });
        }

        long read = 0;
        bool shown = false;
        var clock = Stopwatch.StartNew();
        object gate = new();
        using var timer = new Timer(_ =>
        {
            lock (gate)
            {
                long done = records();
                string line = totalRecords is { } all
                    ? Line(verb, done, all, clock.Elapsed, detail?.Invoke())
                    : Line(verb, done, Interlocked.Read(ref read), totalBytes, clock.Elapsed, detail?.Invoke());
                console.Error.Write($"\r{line}\u001b[K");
                shown = true;
            }
        }, null, FirstAfter, Every);
        try
        {
            return work(bytes => Interlocked.Exchange(ref read, bytes));
        }
        finally
        {
            timer.Change(Timeout.Infinite, Timeout.Infinite);
            lock (gate)
            {
                if (shown)
                {
                    console.Error.Write("\r\u001b[K");
                }
            }
        }
    }

    /// <summary>
    /// One progress line when the records are known, e.g. <c>backfilling: 400,000 of 1,000,000 records, 200,000 records/s, sorting, 0:00:03 left</c>.
    /// </summary>
    public static string Line(string verb, long records, long totalRecords, TimeSpan elapsed, string? detail)
    {
        double rate = records / Math.Max(elapsed.TotalSeconds, 1e-9);
        var line = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{verb}: {records:N0} of {totalRecords:N0} records, {rate:N0} records/s"));
        if (detail is not null)
        {
            line.Append(", ").Append(detail);
        }

        if (rate > 0 && totalRecords > records)
        {
            line.Append(CultureInfo.InvariantCulture, $", {TimeSpan.FromSeconds(Math.Ceiling((totalRecords - records) / rate)):g} left");
        }

        return line.ToString();
    }

    /// <summary>
    /// One progress line, e.g. <c>redriving: 1,200,000 records, 150,000 records/s, 120 error objects, 128 of 512 MiB read, 0:00:30 left</c>.
    /// </summary>
    public static string Line(string verb, long records, long read, long? total, TimeSpan elapsed, string? detail)
    {
        double seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
        var line = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{verb}: {records:N0} records, {records / seconds:N0} records/s"));
        if (detail is not null)
        {
            line.Append(", ").Append(detail);
        }

        if (total is not { } all)
        {
            return line.Append(CultureInfo.InvariantCulture, $", {read >> 20:N0} MiB read").ToString();
        }

        line.Append(CultureInfo.InvariantCulture, $", {read >> 20:N0} of {all >> 20:N0} MiB read");
        double rate = read / seconds;
        // Once the input is read, the time left is the writing's, which the detail shows (objects done of all).
        if (rate > 0 && all > read)
        {
            line.Append(CultureInfo.InvariantCulture, $", {TimeSpan.FromSeconds(Math.Ceiling((all - read) / rate)):g} left");
        }

        return line.ToString();
    }
}
