using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace PipesLake.Replay.Commands;

/// <summary>
/// Progress of a long command over its input bytes, on stderr: a bar with rate and time left on a terminal;
/// elsewhere a line at most every ten seconds (input read, what the command counts, rate, time left when the
/// total is known), so CI logs stay short and still show the run is alive.
/// </summary>
internal static class ProgressReport
{
    private static readonly TimeSpan LineEvery = TimeSpan.FromSeconds(10);

    /// <summary>Runs <paramref name="work"/>, which reports input bytes read to the callback it is given; <paramref name="counts"/> says what is done, e.g. "40 objects, 1,200 records".</summary>
    public static T Run<T>(string verb, long? totalBytes, Func<Action<long>, T> work, Func<string>? counts = null)
    {
        if (totalBytes is not { } total || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            var clock = Stopwatch.StartNew();
            TimeSpan next = LineEvery;
            return work(read =>
            {
                if (clock.Elapsed >= next)
                {
                    Console.Error.WriteLine(Line(verb, read, totalBytes, clock.Elapsed, counts?.Invoke()));
                    next = clock.Elapsed + LineEvery;
                }
            });
        }

        T result = default!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask(verb, maxValue: Math.Max(1, total));
                result = work(read => task.Value = read);
                task.Value = total;
            });
        return result;
    }

    /// <summary>One progress line, e.g. <c>redriving: 128 MiB of 512 MiB read, 40 objects, 12.8 MiB/s, 0:00:30 left</c>.</summary>
    public static string Line(string verb, long read, long? total, TimeSpan elapsed, string? counts)
    {
        double rate = elapsed.TotalSeconds > 0 ? read / elapsed.TotalSeconds : 0;
        var line = new System.Text.StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{verb}: {read >> 20:N0} MiB"));
        if (total is { } all)
        {
            line.Append(CultureInfo.InvariantCulture, $" of {all >> 20:N0} MiB");
        }

        line.Append(" read");
        if (counts is not null)
        {
            line.Append(", ").Append(counts);
        }

        line.Append(CultureInfo.InvariantCulture, $", {rate / (1 << 20):N1} MiB/s");
        if (total is { } known && rate > 0 && known >= read)
        {
            line.Append(CultureInfo.InvariantCulture, $", {TimeSpan.FromSeconds(Math.Ceiling((known - read) / rate)):g} left");
        }

        return line.ToString();
    }
}
