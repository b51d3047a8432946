using System.CommandLine;
using Spectre.Console;

namespace PipesLake.Replay.Commands;

/// <summary><c>backfill &lt;export-folder&gt; --lake &lt;dir&gt;</c>: the items that existed before the pipe.</summary>
internal static class BackfillCommand
{
    public static Command Create()
    {
        var export = new Argument<DirectoryInfo>("export-folder") { Description = "A DynamoDB point-in-time export (DYNAMODB_JSON) as `aws s3 sync` brought it down: manifest-summary.json, manifest-files.json, data/." };
        var lake = new Option<DirectoryInfo>("--lake") { Description = "Folder that stands in for the bucket.", Required = true };
        var stack = StackOption.Create();
        var gzip = new Option<bool?>("--gzip") { Description = "Write GZIP objects (default: the stack's compression)." };
        var command = new Command("backfill", "Write every item of a DynamoDB export into the lake through the function's code, as of the export time.")
        {
            export, lake, stack, gzip,
        };
        command.SetAction(result => CommandErrors.Run(() =>
        {
            DirectoryInfo folder = result.GetValue(export)!;
            if (!folder.Exists)
            {
                throw new ReplayException($"cannot read '{folder.FullName}': no such folder.");
            }

            var settings = StackOption.Settings(result.GetValue(stack));
            ExportManifest manifest = ExportManifest.Read(folder);
            string lakeRoot = result.GetValue(lake)!.FullName;
            bool compress = result.GetValue(gzip) ?? settings.Compression == "GZIP";
            // The export time is the arrival; the journal keeps a rerun to the options that wrote the first objects.
            RunJournal.Begin(lakeRoot, "backfill", new FileInfo(Path.Combine(folder.FullName, "manifest-summary.json")), RunJournal.Options(settings, compress), manifest.ExportTime);
            using var runner = new BackfillRunner(manifest, settings, lakeRoot, compress);
            BackfillSummary summary = ProgressReport.Run("backfilling", manifest.DataFiles.Sum(f => f.File.Length), runner.Run);
            Write(summary, lakeRoot);
            return summary.MalformedLines.Count > 0 ? CommandErrors.InputLeftOut : 0;
        }));
        return command;
    }

    private static void Write(BackfillSummary summary, string lakeRoot)
    {
        var table = new Table().AddColumn("what").AddColumn(new TableColumn("count").RightAligned());
        SummaryTable.Row(table, "items read", summary.Items);
        SummaryTable.Row(table, "not export items", summary.MalformedLines.Count);
        SummaryTable.Row(table, "delivered", summary.Delivered);
        SummaryTable.Row(table, "failed", summary.Failed);
        SummaryTable.Reasons(table, summary.FailedByReason);

        SummaryTable.Row(table, "partitions", summary.Partitions);
        SummaryTable.Objects(table, summary.Objects, summary.AlreadyThere, summary.Repaired);
        SummaryTable.Row(table, "bytes", summary.Bytes);
        SummaryTable.Finish(table, "not export items at", summary.MalformedLines, lakeRoot);
    }
}
