using System.CommandLine;
using System.Globalization;

namespace PipesLake.Replay.Commands;

/// <summary><c>replay &lt;stream-records&gt; --lake &lt;dir&gt;</c>: parses, and runs a <see cref="ReplayJob"/>.</summary>
internal static class ReplayCommand
{
    public static Command Create(ToolConsole console)
    {
        var input = new Argument<string>("stream-records") { Description = "DynamoDB stream records: a JSON array, NDJSON, or get-records output, plain or GZIP: a file, an object s3://bucket/key (read where it is), or '-' for stdin." };
        var lake = new LakeOptions("Folder that stands in for the bucket, or the lake bucket s3://bucket/.", writes: true);
        var batchRecords = new Option<int>("--batch-records") { Description = "Records per function invocation at most.", DefaultValueFactory = _ => 10_000 };
        var batchBytes = new Option<long?>("--batch-bytes") { Description = "Bytes per function invocation (default: the stack's processor buffer)." };
        var arrival = new Option<DateTimeOffset?>("--arrival") { Description = "Arrival time for timestamps and object names, e.g. 2024-01-01T00:00:00Z (default: now, or the arrival of this lake's run over the same content)." };
        var faults = new FaultOptions();
        var table = TableOption.Create("The table of records without an eventSourceARN (default: the stack's table, when it has one); a record's own eventSourceARN always decides.");
        var command = new Command("replay", "Run stream records through each table's filter, template, function and prefixes into a lake, a folder or a bucket.") { input };
        lake.AddTo(command);
        command.Options.Add(batchRecords);
        command.Options.Add(batchBytes);
        command.Options.Add(arrival);
        command.Options.Add(table);
        faults.AddTo(command);
        command.SetAction(result => CommandErrors.Run(console, () =>
        {
            LakeArguments target = lake.Bind(result);
            var options = new ReplayOptions(target.Settings, target.Root)
            {
                Gzip = target.Gzip,
                BatchRecords = Positive(result.GetValue(batchRecords), "--batch-records"),
                Table = result.GetValue(table),
                Faults = faults.Bind(result),
            };
            if (result.GetValue(batchBytes) is long bytes)
            {
                options = options with { BatchBytes = Positive(bytes, "--batch-bytes") };
            }

            Dictionary<string, string> shape = RunJournal.Options(target.Settings, options.Gzip);
            shape["--batch-records"] = options.BatchRecords.ToString(CultureInfo.InvariantCulture);
            shape["--batch-bytes"] = options.BatchBytes.ToString(CultureInfo.InvariantCulture);
            if (options.Faults is { } made)
            {
                shape["--fault-*"] = made.Shape;
            }

            return JobRunner.Run(new ReplayJob(result.GetValue(input)!, options, shape, result.GetValue(arrival)), target, console);
        }));
        return command;
    }

    private static T Positive<T>(T value, string option)
        where T : System.Numerics.INumber<T> =>
        value > T.Zero ? value : throw new ReplayException($"{option} must be positive; got {value}.");
}
