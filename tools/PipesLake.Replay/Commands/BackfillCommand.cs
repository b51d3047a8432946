using System.CommandLine;

namespace PipesLake.Replay.Commands;

/// <summary><c>backfill &lt;export-folder&gt; --lake &lt;dir&gt;</c>: parses, and runs a <see cref="BackfillJob"/>.</summary>
internal static class BackfillCommand
{
    public static Command Create(ToolConsole console)
    {
        var export = new Argument<string>("export") { Description = "A DynamoDB point-in-time export (DYNAMODB_JSON): where DynamoDB wrote it, s3://bucket/prefix/AWSDynamoDB/<export id>/, or a folder as `aws s3 sync` brought it down (manifest-summary.json, manifest-files.json, data/)." };
        var lake = new LakeOptions("Folder that stands in for the bucket, or the lake bucket s3://bucket/.", writes: true);
        var command = new Command("backfill", "Write every item of a DynamoDB export into the lake of its table through the function's code, as of the export time.") { export };
        lake.AddTo(command);
        command.SetAction(result => CommandErrors.Run(console, () =>
        {
            LakeArguments target = lake.Bind(result);
            return JobRunner.Run(new BackfillJob(result.GetValue(export)!, target), target, console);
        }));
        return command;
    }
}
