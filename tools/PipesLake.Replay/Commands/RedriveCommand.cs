using System.CommandLine;
using System.Text;
using PipesLake.Blueprint;
using Spectre.Console;

namespace PipesLake.Replay.Commands;

/// <summary><c>redrive &lt;errors-folder&gt; --lake &lt;dir&gt;</c>: Firehose's error records back into the lake.</summary>
internal static class RedriveCommand
{
    public static Command Create()
    {
        var errors = new Argument<string>("errors") { Description = "Error objects: a folder as `aws s3 sync` brought errors/ down, or s3://bucket/errors/ in the lake itself (plain or GZIP, any depth)." };
        var lake = new Option<string>("--lake") { Description = "Folder that stands in for the bucket, or the lake bucket s3://bucket/; lines go under data/, records that fail again under errors/.", Required = true };
        var stack = StackOption.Create();
        var gzip = GzipOption.Create();
        var handled = new Option<FileInfo?>("--handled-list") { Description = "Where to write the handled error objects, one path (relative to errors) a line (default: <lake>/.pipeslake/redrive-handled.txt; with s3:// only when given)." };
        var table = TableOption.Create("A folder of one table's errors (<type>/year=…), not of the lake's errors/ (<table>/<type>/…): the table they are of.");
        var s3 = new S3Options();
        var command = new Command("redrive", "Send the records of Firehose error objects through the function's code into the lake, once; in a bucket, move each handled object to errors-handled/.")
        {
            errors, lake, stack, gzip, handled, table,
        };
        s3.AddTo(command);
        command.SetAction(result => CommandErrors.Run(() =>
        {
            string from = result.GetValue(errors)!, into = result.GetValue(lake)!;
            LakeSettings settings = StackOption.Settings(result.GetValue(stack));
            bool compress = result.GetValue(gzip) ?? settings.Compression == "GZIP";
            FileInfo? list = result.GetValue(handled);
            if (S3Location.Is(from) || S3Location.Is(into))
            {
                return InBucket(from, into, settings, compress, list, result.GetValue(s3.EndpointUrl), result.GetValue(s3.Profile), result.GetValue(s3.KmsKeyId));
            }

            var folder = new DirectoryInfo(from);
            if (File.Exists(folder.FullName))
            {
                throw new ReplayException($"cannot read '{folder.FullName}': it is a file; pass the folder that holds the error objects (errors/ as aws s3 sync brings it down).");
            }

            if (!folder.Exists)
            {
                throw new ReplayException($"cannot read '{folder.FullName}': no such folder.");
            }

            var options = new RedriveOptions(settings, Path.GetFullPath(into)) { Gzip = compress };
            string listPath = list?.FullName ?? Path.Combine(options.LakeRoot, LakeFolder.StateFolder, "redrive-handled.txt");
            using var store = new LakeFolder(options.LakeRoot);
            // One redrive at a time per lake, whatever folder it reads: a copy of the same errors is the same job.
            using IDisposable lease = store.Hold(RunLease.Key("redrive", options.LakeRoot));
            ClearList(listPath);
            // One walk of the folder: the objects, and from them the total for progress.
            string? named = result.GetValue(table) is { } name ? new StackTables(settings).Named(name, "--table").Name : null;
            ErrorObject[] objects = [.. ErrorObject.InFolder(folder, options.LakeRoot, named)];
            if (objects.Length == 0)
            {
                throw new ReplayException(NothingToRedrive(folder.FullName));
            }

            long total = objects.Sum(o => o.Length);
            var runner = new RedriveRunner(options, store);
            // Every object's table is known before anything is written: one the stack does not list stops the run here.
            Array.ForEach(objects, o => runner.TableOf(o));
            RedriveSummary summary = ProgressReport.Run("redriving", total, progress => runner.Run(objects, progress: progress), () => runner.Records, runner.Detail);
            // Written last, once every record of every handled object is on disk.
            LakeFolder.WriteAtomically(listPath, Encoding.UTF8.GetBytes(string.Concat(summary.Handled.Select(path => path + "\n"))));
            Write(summary, options.LakeRoot, $"handled error objects: {listPath}");
            return summary.Left.Count > 0 ? CommandErrors.InputLeftOut : 0;
        }));
        return command;
    }

    /// <summary>
    /// The runbook in one run: error objects read from the lake's <c>errors/</c>, their records written into the
    /// lake, and each handled object moved to <c>errors-handled/</c> right after its records are stored.
    /// </summary>
    private static int InBucket(string from, string into, LakeSettings settings, bool compress, FileInfo? list, string? endpoint, string? profile, string? kmsKeyId)
    {
        if (!S3Location.Is(from) || !S3Location.Is(into))
        {
            throw new ReplayException("redrive takes errors and --lake both as s3:// or both as folders: between a bucket and a folder, an error object could be moved before its records are in the lake.");
        }

        S3Location errorsAt = S3Location.Parse(from), lakeAt = S3Location.Parse(into);
        if (errorsAt.Bucket != lakeAt.Bucket || !errorsAt.Prefix.StartsWith(lakeAt.Prefix + LakePrefixes.ErrorRoot, StringComparison.Ordinal))
        {
            throw new ReplayException($"{errorsAt} is not under the lake's {lakeAt}{LakePrefixes.ErrorRoot}: redrive moves handled objects from there to {LakePrefixes.HandledErrorRoot}.");
        }

        using Amazon.S3.IAmazonS3 client = S3Connection.Create(endpoint, profile, settings.Region);
        using var store = new S3Lake(client, lakeAt, kmsKeyId);
        // One redrive at a time per lake: errors/ and errors/processing-failed/ overlap, and both move the same objects.
        using IDisposable lease = store.Hold(RunLease.Key("redrive", lakeAt.ToString()));
        var source = new S3ErrorObjects(store, errorsAt);
        var options = new RedriveOptions(settings, lakeAt.ToString()) { Gzip = compress };
        var runner = new RedriveRunner(options, store);
        RedriveSummary summary = ProgressReport.Run("redriving", null, progress => runner.Run(source.List(), source.Done, progress), () => runner.Records, runner.Detail);
        if (summary.ErrorObjects == 0)
        {
            throw new ReplayException(NothingToRedrive(errorsAt.ToString()));
        }

        if (list is not null)
        {
            LakeFolder.WriteAtomically(list.FullName, Encoding.UTF8.GetBytes(string.Concat(summary.Handled.Select(path => path + "\n"))));
        }

        Write(summary, lakeAt.ToString(), $"moved to {lakeAt}{LakePrefixes.HandledErrorRoot}: {source.Moved:N0} error object(s)");
        return summary.Left.Count > 0 ? CommandErrors.InputLeftOut : 0;
    }

    /// <summary>
    /// Nothing found is exit 2, not 0: a mistyped path or prefix must not read as a redrive that succeeded (docs/operations.md,
    /// "Redrive error records into the lake").
    /// </summary>
    private static string NothingToRedrive(string where) =>
        $"'{where}' holds no error objects: nothing to redrive; check the path (errors/ of the lake, or a folder aws s3 sync brought it down to).";

    private static void ClearList(string list)
    {
        if (Directory.Exists(list))
        {
            throw new ReplayException($"--handled-list '{list}' is a folder; pass a file name.");
        }

        // A list left by an earlier run must never be taken for this run's.
        if (File.Exists(list))
        {
            File.Delete(list);
        }
    }

    private static void Write(RedriveSummary summary, string lakeRoot, string handledLine)
    {
        var table = new Table().AddColumn("what").AddColumn(new TableColumn("count").RightAligned());
        SummaryTable.Row(table, "error objects read", summary.ErrorObjects);
        SummaryTable.Row(table, "error records read", summary.Records);
        SummaryTable.Row(table, "not error records", summary.MalformedLines.Count);
        SummaryTable.Row(table, "in error objects left whole", summary.Unused);
        SummaryTable.Row(table, "redriven into data/", summary.Redriven);
        SummaryTable.Row(table, "already in data/ (an earlier run)", summary.AlreadyWritten);
        SummaryTable.NotConverted(table, summary.NotConverted);

        SummaryTable.Row(table, "failed again", summary.FailedAgain);
        SummaryTable.Reasons(table, summary.FailedAgainByReason);

        SummaryTable.Row(table, "partitions", summary.Partitions);
        SummaryTable.Row(table, "objects written", summary.ObjectsWritten);
        SummaryTable.Row(table, "bytes", summary.Bytes);
        SummaryTable.Row(table, "error objects handled", summary.Handled.Count);
        SummaryTable.Row(table, "error objects left where they are", summary.Left.Count);
        SummaryTable.Finish(table, "not error records at", summary.MalformedLines, lakeRoot);
        SummaryTable.Places("left where they are:", summary.Left);
        Console.Out.WriteLine(handledLine);
    }
}
