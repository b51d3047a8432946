using System.CommandLine;
using Spectre.Console;

namespace PipesLake.Replay;

/// <summary><c>redrive &lt;errors-folder&gt; --lake &lt;dir&gt;</c>: Firehose's error records back into the lake.</summary>
internal static class RedriveCommand
{
    public static Command Create()
    {
        var errors = new Argument<DirectoryInfo>("errors-folder") { Description = "Error objects as `aws s3 sync` brought them down from errors/ (plain or GZIP, any depth)." };
        var lake = new Option<DirectoryInfo>("--lake") { Description = "Folder that stands in for the bucket; lines go under data/, records that fail again under errors/.", Required = true };
        var stack = StackOption.Create();
        var gzip = new Option<bool?>("--gzip") { Description = "Write GZIP objects (default: the stack's compression)." };
        var command = new Command("redrive", "Send the records of Firehose error objects through the function's code into the lake, once.")
        {
            errors, lake, stack, gzip,
        };
        command.SetAction(result => CommandErrors.Run(() =>
        {
            DirectoryInfo folder = result.GetValue(errors)!;
            if (!folder.Exists)
            {
                throw new ReplayException($"cannot read '{folder.FullName}': no such folder.");
            }

            var options = new RedriveOptions(StackOption.Settings(result.GetValue(stack)), result.GetValue(lake)!.FullName);
            if (result.GetValue(gzip) is bool compress)
            {
                options = options with { Gzip = compress };
            }

            FileInfo[] files = [.. folder.EnumerateFiles("*", SearchOption.AllDirectories).OrderBy(f => Path.GetRelativePath(folder.FullName, f.FullName), StringComparer.Ordinal)];
            using var runner = new RedriveRunner(options);
            RedriveSummary summary = ProgressReport.Run("redriving", files.Sum(f => f.Length), progress => runner.Run(files, progress));
            Write(summary, options.LakeRoot);
            return 0;
        }));
        return command;
    }

    private static void Write(RedriveSummary summary, string lakeRoot)
    {
        var table = new Table().AddColumn("what").AddColumn(new TableColumn("count").RightAligned());
        SummaryTable.Row(table, "error objects read", summary.ErrorObjects);
        SummaryTable.Row(table, "error records read", summary.Records);
        SummaryTable.Row(table, "not error records", summary.MalformedLines.Count);
        SummaryTable.Row(table, "redriven into data/", summary.Redriven);
        SummaryTable.Row(table, "already written by an earlier run", summary.AlreadyWritten);
        SummaryTable.Row(table, "failed again", summary.FailedAgain);
        SummaryTable.Reasons(table, summary.FailedAgainByReason);

        SummaryTable.Row(table, "partitions", summary.Partitions);
        SummaryTable.Row(table, "objects written", summary.ObjectsWritten);
        SummaryTable.Row(table, "bytes", summary.Bytes);
        SummaryTable.Finish(table, "not error records (left where they are) at", summary.MalformedLines, lakeRoot);
    }
}
