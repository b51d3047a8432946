using System.Globalization;
using Spectre.Console;

namespace PipesLake.Replay.DeadLetters;

/// <summary><c>dlq</c>'s summary and exit code: counts, the messages not read, the batches not read whole, and what to run next.</summary>
internal static class DeadLetterReport
{
    public static void Print(DeadLetterSummary summary, SummaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(writer);
        Table table = SummaryTable.Create();
        SummaryTable.Row(table, "batches named", summary.Messages);
        SummaryTable.Row(table, "  named again", summary.Duplicates);
        SummaryTable.Row(table, "messages not read", summary.Refused.Count);
        SummaryTable.Row(table, "batches read whole", summary.Count(BatchOutcome.Recovered));
        SummaryTable.Row(table, "batches read in part", summary.Count(BatchOutcome.Partial));
        SummaryTable.Row(table, "batches lost", summary.Count(BatchOutcome.Lost));
        SummaryTable.Row(table, "records written", summary.Records);
        writer.Table(table);
        writer.Places("not read:", summary.Refused);
        writer.Places("not whole:", summary.Batches.Where(b => b.Outcome != BatchOutcome.Recovered)
            .Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Position.Message} ({b.Position.Table} {b.Position.ShardId} {b.Position.First}..{b.Position.Last}, {b.Read} of {b.Position.BatchSize} records read: {b.Why})")).ToList());
        writer.Line($"records: {summary.Output}");
        if (summary.Records > 0)
        {
            writer.Line($"next: pipeslake-replay replay {summary.Output} --lake <the lake> (with the stack's --stack-file)");
        }

        foreach ((string name, DateTimeOffset from, DateTimeOffset to, int batches) in summary.LostWindows())
        {
            writer.Line(string.Create(CultureInfo.InvariantCulture,
                $"not in the stream: {name}, {batches} batch(es) that arrived {from:yyyy-MM-ddTHH:mm:ssZ} to {to:yyyy-MM-ddTHH:mm:ssZ}; export {name} at a time after {to:yyyy-MM-ddTHH:mm:ssZ}, then run reconcile and backfill with that export (docs/operations.md, \"When the pipe sends to the dead-letter queue\")"));
        }
    }

    /// <summary>4 when a batch was not read whole (the lake lacks what the stream no longer holds), 3 when a message was not read, else 0.</summary>
    public static int ExitCode(DeadLetterSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.Unrecovered ? CommandErrors.LakeDiffers : summary.Refused.Count > 0 ? CommandErrors.InputLeftOut : 0;
    }
}
