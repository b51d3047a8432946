using System.Globalization;
using PipesLake.Partitioning;
using Spectre.Console;

namespace PipesLake.Replay.Jobs;

/// <summary>The rows of a summary's table (<see cref="SummaryWriter"/> prints it).</summary>
internal static class SummaryTable
{
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

    /// <summary>A new table of counts: what, and how many.</summary>
    public static Table Create() => new Table().AddColumn("what").AddColumn(new TableColumn("count").RightAligned());

    /// <summary>What the function made of the records: delivered (and in a Parquet lake, not converted), failed by reason.</summary>
    public static void Outcomes(Table table, WrittenObjects summary)
    {
        Row(table, "delivered", summary.Delivered);
        NotConverted(table, summary.NotConverted);
        Row(table, "failed", summary.Failed);
        Reasons(table, summary.FailedByReason);
    }

    /// <summary>What was written: the objects (and those already there or repaired) and their bytes.</summary>
    public static void Written(Table table, WrittenObjects summary)
    {
        Objects(table, summary.Objects, summary.AlreadyThere, summary.Repaired);
        Row(table, "bytes", summary.Bytes);
    }

    /// <summary>Adds a counted row.</summary>
    public static void Row(Table table, string what, long count) =>
        table.AddRow(Markup.Escape(what), count.ToString("N0", CultureInfo.InvariantCulture));
}
