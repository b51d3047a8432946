using Spectre.Console;

namespace PipesLake.Replay.Jobs;

/// <summary>
/// <c>backfill</c>: every item of a DynamoDB export into the lake of the table its manifest names, as of the export
/// time. An export is known by its manifests, wherever it is read from: a copy elsewhere is the same job, so the lease
/// is taken on them before anything is read; the journal is written once every data file has been read and checked,
/// so a damaged export leaves the lake as it was.
/// </summary>
/// <param name="export">The export's folder or <c>s3://…/AWSDynamoDB/&lt;id&gt;/</c>.</param>
/// <param name="lake">The lake and the stack's settings.</param>
internal sealed class BackfillJob(string export, LakeArguments lake) : IJob<BackfillSummary>
{
    private const string Command = "backfill";

    public bool ReadsS3 => S3Location.Is(export);

    public BackfillSummary Run(JobRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        IExportSource source = ExportSources.Open(export, run.Target.Client);
        ExportManifest manifest = ExportManifest.Read(source);
        run.Hold(Command, manifest.Content);
        using var runner = new BackfillRunner(manifest, lake.Settings, run.Store, lake.Gzip);
        void Journal() => run.Journal(Command, new JobInput(source.Name, manifest.Content, null), RunJournal.Options(lake.Settings, lake.Gzip), manifest.ExportTime, asked: false);
        return run.Progress("backfilling", null, progress => runner.Run(progress, Journal), () => runner.Records, runner.Detail, manifest.ItemCount);
    }

    public void Print(BackfillSummary summary, SummaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(writer);
        Table table = SummaryTable.Create();
        SummaryTable.Row(table, "items read", summary.Items);
        SummaryTable.Row(table, "not export items", summary.MalformedLines.Count);
        SummaryTable.Outcomes(table, summary);

        SummaryTable.Row(table, "partitions", summary.Partitions);
        SummaryTable.Written(table, summary);
        writer.Finish(table, "not export items at", summary.MalformedLines);
    }

    public int ExitCode(BackfillSummary summary) => summary.MalformedLines.Count > 0 ? CommandErrors.InputLeftOut : 0;
}
