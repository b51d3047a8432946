using System.CommandLine;
using Amazon.S3;
using PipesLake.Blueprint;
using Spectre.Console;

namespace PipesLake.Replay.Commands;

/// <summary><c>backfill &lt;export-folder&gt; --lake &lt;dir&gt;</c>: the items that existed before the pipe.</summary>
internal static class BackfillCommand
{
    public static Command Create()
    {
        var export = new Argument<string>("export") { Description = "A DynamoDB point-in-time export (DYNAMODB_JSON): where DynamoDB wrote it, s3://bucket/prefix/AWSDynamoDB/<export id>/, or a folder as `aws s3 sync` brought it down (manifest-summary.json, manifest-files.json, data/)." };
        var lake = new Option<string>("--lake") { Description = "Folder that stands in for the bucket, or the lake bucket s3://bucket/.", Required = true };
        var stack = StackOption.Create();
        var gzip = GzipOption.Create();
        var s3 = new S3Options();
        var command = new Command("backfill", "Write every item of a DynamoDB export into the lake through the function's code, as of the export time.")
        {
            export, lake, stack, gzip,
        };
        s3.AddTo(command);
        command.SetAction(result => CommandErrors.Run(() =>
        {
            string from = result.GetValue(export)!, into = result.GetValue(lake)!;
            LakeSettings settings = StackOption.Settings(result.GetValue(stack));
            bool compress = result.GetValue(gzip) ?? settings.Compression == "GZIP";
            using IAmazonS3? client = S3Location.Is(from) || S3Location.Is(into) ? S3Connection.Create(result.GetValue(s3.EndpointUrl), result.GetValue(s3.Profile), settings.Region) : null;
            IExportSource source = S3Location.Is(from) ? new S3Export(client!, S3Location.Parse(from)) : new FolderExport(Folder(from));
            using LakeFolder? folder = S3Location.Is(into) ? null : new LakeFolder(Path.GetFullPath(into));
            using S3Lake? bucket = folder is null ? new S3Lake(client!, S3Location.Parse(into), result.GetValue(s3.KmsKeyId)) : null;
            IObjectStore store = folder ?? (IObjectStore)bucket!;

            ExportManifest manifest = ExportManifest.Read(source);
            // An export is known by its manifests, wherever it is read from: a copy elsewhere is the same job.
            using IDisposable lease = store.Hold(RunLease.Key("backfill", manifest.Content));
            // The export time is the arrival; the journal keeps a rerun to the options that wrote the first objects. It
            // is written once every data file has been read and checked, so a damaged export leaves the lake as it was.
            using var runner = new BackfillRunner(manifest, settings, store, compress);
            void Journal() => RunJournal.Begin(store, "backfill", new JobInput(source.Name, manifest.Content, null), RunJournal.Options(settings, compress), manifest.ExportTime, asked: false);
            BackfillSummary summary = ProgressReport.Run("backfilling", null, progress => runner.Run(progress, Journal), () => runner.Records, runner.Detail, totalRecords: manifest.ItemCount);
            Write(summary, folder is null ? S3Location.Parse(into).ToString() : Path.GetFullPath(into));
            return summary.MalformedLines.Count > 0 ? CommandErrors.InputLeftOut : 0;
        }));
        return command;
    }

    private static DirectoryInfo Folder(string path)
    {
        var folder = new DirectoryInfo(path);
        return folder.Exists ? folder : throw new ReplayException($"cannot read '{folder.FullName}': no such folder.");
    }

    private static void Write(BackfillSummary summary, string lakeRoot)
    {
        var table = new Table().AddColumn("what").AddColumn(new TableColumn("count").RightAligned());
        SummaryTable.Row(table, "items read", summary.Items);
        SummaryTable.Row(table, "not export items", summary.MalformedLines.Count);
        SummaryTable.Row(table, "delivered", summary.Delivered);
        SummaryTable.NotConverted(table, summary.NotConverted);
        SummaryTable.Row(table, "failed", summary.Failed);
        SummaryTable.Reasons(table, summary.FailedByReason);

        SummaryTable.Row(table, "partitions", summary.Partitions);
        SummaryTable.Objects(table, summary.Objects, summary.AlreadyThere, summary.Repaired);
        SummaryTable.Row(table, "bytes", summary.Bytes);
        SummaryTable.Finish(table, "not export items at", summary.MalformedLines, lakeRoot);
    }
}
