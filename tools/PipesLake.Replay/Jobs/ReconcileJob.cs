using System.Globalization;
using Spectre.Console;

namespace PipesLake.Replay.Jobs;

/// <summary>
/// <c>reconcile</c>: every item of a DynamoDB export against the lake of the table its manifest names, at the export
/// time. It only reads: no lease, no journal; the lake is read where it is. The report (<c>--report</c>) is written whole
/// or not at all, after the comparison.
/// </summary>
/// <param name="export">The export's folder or <c>s3://…/AWSDynamoDB/&lt;id&gt;/</c>.</param>
/// <param name="lake">The lake and the stack's settings.</param>
/// <param name="options">Tolerance, keys per kind, report path.</param>
internal sealed class ReconcileJob(string export, LakeArguments lake, ReconcileOptions options) : IJob<ReconcileReport>
{
    public bool ReadsS3 => S3Location.Is(export);

    public ReconcileReport Run(JobRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        IExportSource source = ExportSources.Open(export, run.Target.Client);
        ExportManifest manifest = ExportManifest.Read(source);
        var report = new ReconcileReport(options.KeysPerKind)
        {
            Table = manifest.TableName,
            ExportId = manifest.ExportId,
            ExportTime = manifest.ExportTime,
            Export = source.Name,
            Lake = lake.Root,
            Tolerance = options.Tolerance,
        };
        var runner = new ReconcileRunner(manifest, lake.Settings, new TableObjects(run.Target, manifest.TableName), run.Store.TempFolder, report)
        {
            SortMemoryBytes = options.SortMemoryBytes,
        };
        run.Progress("reconciling", null, progress =>
        {
            runner.Run(progress);
            return report;
        }, () => runner.Records, totalRecords: null);
        if (options.ReportPath is { } path)
        {
            using var file = new AtomicFile(path);
            file.Write(report.ToJson());
            file.Commit();
        }

        return report;
    }

    public void Print(ReconcileReport summary, SummaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(writer);
        Table table = SummaryTable.Create();
        SummaryTable.Row(table, "export items", summary.ExportItems);
        SummaryTable.Row(table, "  not export items", summary.NotExportItems.Count);
        SummaryTable.Row(table, "lake objects", summary.LakeObjects);
        SummaryTable.Row(table, "  not readable", summary.UnreadableObjects.Count);
        SummaryTable.Row(table, "lake lines", summary.LakeLines);
        SummaryTable.Row(table, "  not lake lines", summary.NotLakeLines.Count);
        foreach (ReconcileKind kind in Enum.GetValues<ReconcileKind>())
        {
            SummaryTable.Row(table, ReconcileReport.Describe(kind), summary[kind]);
        }

        writer.Table(table);
        foreach (ReconcileKind kind in Enum.GetValues<ReconcileKind>().Where(k => k != ReconcileKind.Matching))
        {
            writer.Places($"{ReconcileReport.Name(kind)}:", summary.Keys(kind).ToList());
        }

        writer.Places("by site and day:", summary.SiteDays().Select(d => string.Create(CultureInfo.InvariantCulture,
            $"{d.Site} {d.Day:yyyy-MM-dd} ({string.Join(" ", Enum.GetValues<ReconcileKind>().Where(k => d.Counts[(int)k] > 0).Select(k => $"{ReconcileReport.Name(k)} {d.Counts[(int)k]}"))})")).ToList());
        writer.Places("not export items at", summary.NotExportItems.First);
        writer.Places("not readable:", summary.UnreadableObjects.First);
        writer.Places("not lake lines at", summary.NotLakeLines.First);
        if (options.ReportPath is { } path)
        {
            writer.Line($"report: {path}");
        }

        writer.Lake();
    }

    public int ExitCode(ReconcileReport summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.Differs ? CommandErrors.LakeDiffers : summary.InputLeftOut ? CommandErrors.InputLeftOut : 0;
    }
}
