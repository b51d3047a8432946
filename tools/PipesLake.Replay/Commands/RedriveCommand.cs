using System.CommandLine;

namespace PipesLake.Replay.Commands;

/// <summary><c>redrive &lt;errors-folder&gt; --lake &lt;dir&gt;</c>: parses, and runs a <see cref="RedriveJob"/>.</summary>
internal static class RedriveCommand
{
    public static Command Create(ToolConsole console)
    {
        var errors = new Argument<string>("errors") { Description = "Error objects: a folder as `aws s3 sync` brought errors/ down, or s3://bucket/errors/ in the lake itself (plain or GZIP, any depth)." };
        var lake = new LakeOptions("Folder that stands in for the bucket, or the lake bucket s3://bucket/; lines go under data/, records that fail again under errors/.", writes: true);
        var handled = new Option<FileInfo?>("--handled-list") { Description = "Where to write the handled error objects, one path (relative to errors) a line (default: <lake>/.pipeslake/redrive-handled.txt; with s3:// only when given)." };
        var table = TableOption.Create("A folder of one table's errors (<type>/year=…), not of the lake's errors/ (<table>/<type>/…): the table they are of.");
        var command = new Command("redrive", "Send the records of Firehose error objects through the function's code into the lake, once; in a bucket, move each handled object to errors-handled/.") { errors };
        lake.AddTo(command);
        command.Options.Add(handled);
        command.Options.Add(table);
        command.SetAction(result => CommandErrors.Run(console, () =>
        {
            LakeArguments target = lake.Bind(result);
            return JobRunner.Run(new RedriveJob(result.GetValue(errors)!, target, result.GetValue(table), result.GetValue(handled)), target, console);
        }));
        return command;
    }
}
