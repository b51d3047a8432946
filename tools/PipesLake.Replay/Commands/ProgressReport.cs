using System.Globalization;
using Spectre.Console;

namespace PipesLake.Replay.Commands;

/// <summary>Progress of a long command over its input bytes: a bar on a terminal, a line per 64 MiB elsewhere.</summary>
internal static class ProgressReport
{
    private const long LineEveryBytes = 64L << 20;

    /// <summary>Runs <paramref name="work"/>, which reports input bytes read to the callback it is given.</summary>
    public static T Run<T>(string verb, long? totalBytes, Func<Action<long>, T> work)
    {
        if (totalBytes is not { } total || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            // Not a terminal: short CI logs that still show the run is alive.
            long next = LineEveryBytes;
            return work(read =>
            {
                if (read >= next)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{verb}: {read >> 20} MiB read"));
                    next += LineEveryBytes;
                }
            });
        }

        T result = default!;
        AnsiConsole.Progress().Start(context =>
        {
            ProgressTask task = context.AddTask(verb, maxValue: Math.Max(1, total));
            result = work(read => task.Value = read);
            task.Value = total;
        });
        return result;
    }
}
