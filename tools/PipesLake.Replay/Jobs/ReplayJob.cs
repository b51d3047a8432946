using System.Globalization;
using System.Security.Cryptography;
using PipesLake.Partitioning;
using Spectre.Console;

namespace PipesLake.Replay.Jobs;

/// <summary>
/// <c>replay</c>: stream records through each table's pipe, the function and its delivery stream into the lake. The job
/// is known by the content it reads, so the lease and the journal are taken once every record is read; a lake that
/// holds this content's job with another arrival keeps that arrival: the input is read again with it (a file or an
/// object), or the run says which to use (standard input). Either way nothing is written twice.
/// </summary>
/// <param name="input">A file, <c>s3://bucket/key</c> or <c>-</c>.</param>
/// <param name="options">The run's options; its arrival is replaced by the journal's or now.</param>
/// <param name="shape">What else decides the objects (batching), for the journal.</param>
/// <param name="asked">The arrival <c>--arrival</c> gave, or null.</param>
internal sealed class ReplayJob(string input, ReplayOptions options, IReadOnlyDictionary<string, string> shape, DateTimeOffset? asked) : IJob<ReplaySummary>
{
    private const string Command = "replay";

    public bool ReadsS3 => S3Location.Is(input);

    public ReplaySummary Run(JobRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        ReplayInput source = ReplayInput.Find(input, () => run.Target.Client!, run.Console.OpenInput);
        ReplayOptions current = options with
        {
            Arrival = asked ?? (source.Seen is { } seen ? RunJournal.Hint(run.Store, Command, seen) : null) ?? DateTimeOffset.UtcNow,
        };
        while (true)
        {
            IDisposable? lease = null;
            DateTimeOffset? journaled = null;
            try
            {
                using var content = new HashingStream(source.Read(), HashAlgorithmName.SHA256);
                using var runner = new ReplayRunner(current, run.Store);
                ReplaySummary? summary = run.Progress("replaying", source.Length, progress => runner.Run(content, progress, () =>
                {
                    var job = new JobInput(source.Shown, RunJournal.Content(content.Finish()), source.Seen);
                    lease = run.Hold(Command, job.Content);
                    journaled = run.Journal(Command, job, shape, current.Arrival, asked is not null);
                    return journaled == current.Arrival;
                }), () => runner.Records, runner.Detail);
                if (summary is not null)
                {
                    return summary.Read == summary.MalformedLines.Count ? throw new ReplayException(summary.Read == 0
                        ? $"'{input}' holds no stream records."
                        : $"'{input}' holds no stream records: none of its {summary.Read:N0} record(s) is a JSON object; is it a JSON array, NDJSON or get-records output?") : summary;
                }
            }
            finally
            {
                lease?.Dispose();
            }

            // The lake holds this content's job with another arrival: what this run made must not be written.
            run.Say($"this content was written into this lake before, with --arrival {RunJournal.Format(journaled!.Value)}; reading it again with that arrival to finish that run.");
            current = current with { Arrival = journaled.Value };
        }
    }

    public void Print(ReplaySummary summary, SummaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(writer);
        Table table = SummaryTable.Create();
        SummaryTable.Row(table, "records read", summary.Read);
        SummaryTable.Row(table, "malformed input", summary.MalformedLines.Count);
        SummaryTable.Row(table, "filtered out", summary.FilteredOut);
        SummaryTable.Row(table, "over 1,000 KiB: left out", summary.TooLargeForFirehose.Count);
        SummaryTable.Outcomes(table, summary);

        if (options.Faults is not null)
        {
            // Copies are not records read: the rows above still add up to what was read.
            SummaryTable.Row(table, "written again: pipe batches sent twice", summary.Resent);
            SummaryTable.Row(table, "written again: objects Firehose wrote twice", summary.LinesWrittenTwice);
            SummaryTable.Row(table, "retried after a partial failure (once)", summary.Retried);
        }

        SummaryTable.Row(table, "function invocations", summary.Invocations);
        SummaryTable.Row(table, "partitions", summary.Partitions);
        SummaryTable.Row(table, "most active partitions in one buffer interval", summary.MaxActivePartitions);
        SummaryTable.Written(table, summary);
        writer.Table(table);
        writer.Places("malformed input at line(s)", summary.MalformedLines);
        writer.Places("over 1,000 KiB at line(s)", summary.TooLargeForFirehose);
        if (summary.TooLargeForFirehose.Count > 0)
        {
            writer.Line("Firehose takes records of at most 1,000 KiB: deployed, the pipe retries such a record's batch and then sends its stream position (not the record) to the dead-letter queue. See docs/operations.md, \"A change bigger than a Firehose record\".");
        }

        writer.Lake();
        if (options.Faults is not null)
        {
            writer.Warn(string.Create(CultureInfo.InvariantCulture,
                $"this run wrote {summary.Resent + summary.LinesWrittenTwice:N0} copies on purpose (--fault-*): <table>_changes counts them, <table>_changes_unique and <table>_changes_current do not. See docs/operations.md, \"Delivery semantics: duplicates and how to count once\"."));
        }

        if (summary.WindowsOverActivePartitionQuota > 0)
        {
            writer.Warn(string.Create(CultureInfo.InvariantCulture,
                $"{summary.WindowsOverActivePartitionQuota} buffer interval(s) opened more than Firehose's default {FirehoseLimits.DefaultActivePartitions} active partitions (most: {summary.MaxActivePartitions}); deployed, their records past it go to errors/<table>/activePartitionExceeded/. See docs/operations.md, \"Partition by item time or by change time\"."));
        }
    }

    public int ExitCode(ReplaySummary summary) =>
        summary.MalformedLines.Count > 0 || summary.TooLargeForFirehose.Count > 0 ? CommandErrors.InputLeftOut : 0;
}
