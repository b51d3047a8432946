using System.CommandLine;

namespace PipesLake.Replay.Commands;

/// <summary><c>reconcile &lt;export&gt; --lake &lt;dir&gt;</c>: parses, and runs a <see cref="ReconcileJob"/>.</summary>
internal static class ReconcileCommand
{
    public static Command Create(ToolConsole console)
    {
        var export = new Argument<string>("export") { Description = "A DynamoDB point-in-time export of one of the stack's tables (DYNAMODB_JSON): s3://bucket/prefix/AWSDynamoDB/<export id>/, or a folder as `aws s3 sync` brought it down." };
        var lake = new LakeOptions("The lake: a folder, or the lake bucket s3://bucket/ (read where it is, never written).", writes: false);
        var tolerance = new Option<int>("--tolerance") { Description = "Seconds: a difference where the lake has a change this close to the export time is reported apart, not as an error.", DefaultValueFactory = _ => 60 };
        var keys = new Option<int>("--keys") { Description = "Item keys named for each kind (the first in key order).", DefaultValueFactory = _ => 10 };
        var report = new Option<FileInfo?>("--report") { Description = "Write the report as JSON to this file (counts per kind, per site and day, the first keys of each kind)." };
        var command = new Command("reconcile", "Compare every item of a DynamoDB export with the lake's state of it at the export time: missing, stale, deletes the lake missed, items the table never had. Exit 0 only when they match.") { export };
        lake.AddTo(command);
        command.Options.Add(tolerance);
        command.Options.Add(keys);
        command.Options.Add(report);
        command.SetAction(result => CommandErrors.Run(console, () =>
        {
            LakeArguments target = lake.Bind(result);
            if (target.Folder is { } folder && !Directory.Exists(folder))
            {
                throw new ReplayException($"cannot read the lake '{folder}': no such folder.");
            }

            int seconds = result.GetValue(tolerance);
            int perKind = result.GetValue(keys);
            if (seconds < 0 || perKind < 0)
            {
                throw new ReplayException($"{(seconds < 0 ? "--tolerance" : "--keys")} is {(seconds < 0 ? seconds : perKind)}; it takes 0 or more.");
            }

            // Checked before the work: a report that cannot be written would be found only at the end of it.
            FileInfo? reportFile = result.GetValue(report);
            if (reportFile is { Directory.Exists: false })
            {
                throw new ReplayException($"cannot write the report '{reportFile.FullName}': no such folder '{reportFile.DirectoryName}'.");
            }

            var options = new ReconcileOptions(TimeSpan.FromSeconds(seconds), perKind, reportFile?.FullName, ReconcileRunner.DefaultSortMemoryBytes);
            return JobRunner.Run(new ReconcileJob(result.GetValue(export)!, target, options), target, console);
        }));
        return command;
    }
}
