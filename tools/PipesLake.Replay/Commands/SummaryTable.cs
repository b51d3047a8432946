using System.Globalization;
using PipesLake.Partitioning;
using Spectre.Console;

namespace PipesLake.Replay.Commands;

/// <summary>Prints a run's summary: counts only.</summary>
internal static class SummaryTable
{
    public static void Write(ReplaySummary summary, string lakeRoot)
    {
        var table = new Table().AddColumn("what").AddColumn(new TableColumn("count").RightAligned());
        Row(table, "records read", summary.Read);
        Row(table, "malformed input", summary.MalformedLines.Count);
        Row(table, "filtered out", summary.FilteredOut);
        Row(table, "over 1,000 KiB: left out", summary.TooLargeForFirehose.Count);
        Row(table, "delivered", summary.Delivered);
        NotConverted(table, summary.NotConverted);
        Row(table, "failed", summary.Failed);
        Reasons(table, summary.FailedByReason);

        Row(table, "function invocations", summary.Invocations);
        Row(table, "partitions", summary.Partitions);
        Row(table, "most active partitions in one buffer interval", summary.MaxActivePartitions);
        Objects(table, summary.Objects, summary.AlreadyThere, summary.Repaired);
        Row(table, "bytes", summary.Bytes);
        Print(table);
        Places("malformed input at line(s)", summary.MalformedLines);
        Places("over 1,000 KiB at line(s)", summary.TooLargeForFirehose);
        if (summary.TooLargeForFirehose.Count > 0)
        {
            Console.Out.WriteLine("Firehose takes records of at most 1,000 KiB: deployed, the pipe retries such a record's batch and then sends its stream position (not the record) to the dead-letter queue. See docs/operations.md, \"A change bigger than a Firehose record\".");
        }

        Lake(lakeRoot);
        if (summary.WindowsOverActivePartitionQuota > 0)
        {
            // One line on stderr: a warning, not part of the table.
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pipeslake-replay: warning: {summary.WindowsOverActivePartitionQuota} buffer interval(s) opened more than Firehose's default {FirehoseLimits.DefaultActivePartitions} active partitions (most: {summary.MaxActivePartitions}); deployed, their records past it go to errors/activePartitionExceeded/. See docs/operations.md, \"Partition by item time or by change time\"."));
        }
    }

    /// <summary>Adds a row per failure reason, indented under the total, in the enum's order.</summary>
    public static void Reasons(Table table, IReadOnlyDictionary<RecordFailure, long> byReason)
    {
        foreach ((RecordFailure reason, long count) in byReason.OrderBy(p => p.Key))
        {
            Row(table, $"  {reason}", count);
        }
    }

    /// <summary>The objects of a run, and of them those an earlier run had written and those found damaged.</summary>
    public static void Objects(Table table, int objects, int alreadyThere, int repaired)
    {
        Row(table, "objects", objects);
        Row(table, "  already in the lake (an earlier run)", alreadyThere);
        Row(table, "  damaged in the lake, rewritten", repaired);
    }

    /// <summary>In a Parquet lake, the delivered lines its conversion refused, when there are any.</summary>
    public static void NotConverted(Table table, long count)
    {
        if (count > 0)
        {
            Row(table, "  did not convert to Parquet: to format-conversion-failed", count);
        }
    }

    /// <summary>
    /// Writes the table to standard output as it is now: on a terminal as wide as it is, elsewhere (a log, a pipe) never
    /// wrapped, and without colour codes.
    /// </summary>
    private static void Print(Table table)
    {
        bool terminal = !Console.IsOutputRedirected;
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!terminal)
        {
            console.Profile.Width = 1_000;
        }

        console.Write(table);
    }

    /// <summary>Adds a counted row.</summary>
    public static void Row(Table table, string what, long count) =>
        table.AddRow(Markup.Escape(what), count.ToString("N0", CultureInfo.InvariantCulture));

    /// <summary>Prints the table, the first 20 places of input that was not used, and the lake.</summary>
    public static void Finish<T>(Table table, string unusedLabel, IReadOnlyCollection<T> unused, string lakeRoot)
    {
        Print(table);
        Places(unusedLabel, unused);
        Lake(lakeRoot);
    }

    /// <summary>
    /// Prints the first 20 of <paramref name="places"/> after <paramref name="label"/>, when there are any. Plain lines,
    /// never wrapped: a line number or an object key must stay whole in a log or a pipe.
    /// </summary>
    public static void Places<T>(string label, IReadOnlyCollection<T> places)
    {
        if (places.Count > 0)
        {
            Console.Out.WriteLine($"{label} {string.Join(", ", places.Take(20))}{(places.Count > 20 ? ", …" : string.Empty)}");
        }
    }

    /// <summary>The last line of a summary: where the lake is, a full path or an s3:// URI.</summary>
    public static void Lake(string lakeRoot) => Console.Out.WriteLine($"lake: {lakeRoot}");
}
