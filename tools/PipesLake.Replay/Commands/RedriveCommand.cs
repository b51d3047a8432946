using System.CommandLine;
using System.Text;
using Spectre.Console;

namespace PipesLake.Replay.Commands;

/// <summary><c>redrive &lt;errors-folder&gt; --lake &lt;dir&gt;</c>: Firehose's error records back into the lake.</summary>
internal static class RedriveCommand
{
    public static Command Create()
    {
        var errors = new Argument<DirectoryInfo>("errors-folder") { Description = "Error objects as `aws s3 sync` brought them down from errors/ (plain or GZIP, any depth)." };
        var lake = new Option<DirectoryInfo>("--lake") { Description = "Folder that stands in for the bucket; lines go under data/, records that fail again under errors/.", Required = true };
        var stack = StackOption.Create();
        var gzip = new Option<bool?>("--gzip") { Description = "Write GZIP objects (default: the stack's compression)." };
        var handled = new Option<FileInfo?>("--handled-list") { Description = "Where to write the handled error objects, one path (relative to errors-folder) a line (default: <lake>/.pipeslake/redrive-handled.txt)." };
        var command = new Command("redrive", "Send the records of Firehose error objects through the function's code into the lake, once.")
        {
            errors, lake, stack, gzip, handled,
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

            string list = result.GetValue(handled)?.FullName ?? Path.Combine(options.LakeRoot, LakeFolder.StateFolder, "redrive-handled.txt");
            if (Directory.Exists(list))
            {
                throw new ReplayException($"--handled-list '{list}' is a folder; pass a file name.");
            }

            // A list left by an earlier run must never be taken for this run's.
            if (File.Exists(list))
            {
                File.Delete(list);
            }

            FileInfo[] files = [.. folder.EnumerateFiles("*", SearchOption.AllDirectories)
                .Where(f => !f.FullName.Contains($"{Path.DirectorySeparatorChar}{LakeFolder.StateFolder}{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .OrderBy(f => Path.GetRelativePath(folder.FullName, f.FullName), StringComparer.Ordinal)];
            using var runner = new RedriveRunner(options);
            RedriveSummary summary = ProgressReport.Run("redriving", files.Sum(f => f.Length), progress => runner.Run(folder, files, progress));
            // Written last, once every record of every handled object is on disk.
            LakeFolder.PutState(list, Encoding.UTF8.GetBytes(string.Concat(summary.Handled.Select(path => path + "\n"))));
            Write(summary, options.LakeRoot, list);
            return summary.Left.Count > 0 ? CommandErrors.InputLeftOut : 0;
        }));
        return command;
    }

    private static void Write(RedriveSummary summary, string lakeRoot, string list)
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
        SummaryTable.Row(table, "error objects handled", summary.Handled.Count);
        SummaryTable.Row(table, "error objects left where they are", summary.Left.Count);
        SummaryTable.Finish(table, "not error records at", summary.MalformedLines, lakeRoot);
        SummaryTable.Places("left where they are:", summary.Left);
        AnsiConsole.MarkupLine(Markup.Escape($"handled error objects: {list}"));
    }
}
