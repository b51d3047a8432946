using System.CommandLine;

namespace PipesLake.Replay;

/// <summary><c>replay &lt;stream-records&gt; --lake &lt;dir&gt;</c>.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("stream-records") { Description = "DynamoDB stream records: a JSON array, NDJSON, or get-records output; '-' for stdin." };
        var lake = new Option<DirectoryInfo>("--lake") { Description = "Folder that stands in for the bucket.", Required = true };
        var stack = StackOption.Create();
        var gzip = new Option<bool>("--gzip") { Description = "Write GZIP objects (.gz), as the delivery stream does with GZIP compression." };
        var batchRecords = new Option<int>("--batch-records") { Description = "Records per function invocation at most.", DefaultValueFactory = _ => 10_000 };
        var batchBytes = new Option<long?>("--batch-bytes") { Description = "Bytes per function invocation (default: the stack's processor buffer)." };
        var arrival = new Option<DateTimeOffset?>("--arrival") { Description = "Arrival time for timestamps and object names (default: now), e.g. 2024-01-01T00:00:00Z." };
        var command = new Command("replay", "Run stream records through filter, template, function and prefixes into a local lake.")
        {
            input, lake, stack, gzip, batchRecords, batchBytes, arrival,
        };
        command.SetAction(result => CommandErrors.Run(() =>
        {
            var options = new ReplayOptions(StackOption.Settings(result.GetValue(stack)), result.GetValue(lake)!.FullName)
            {
                Gzip = result.GetValue(gzip),
                BatchRecords = Positive(result.GetValue(batchRecords), "--batch-records"),
                Arrival = result.GetValue(arrival) ?? DateTimeOffset.UtcNow,
            };
            if (result.GetValue(batchBytes) is long bytes)
            {
                options = options with { BatchBytes = Positive(bytes, "--batch-bytes") };
            }

            string path = result.GetValue(input)!;
            using Stream stream = path == "-" ? Console.OpenStandardInput() : OpenInput(path);
            using var runner = new ReplayRunner(options);
            ReplaySummary summary = ProgressReport.Run("replaying", path == "-" ? null : new FileInfo(path).Length, progress => runner.Run(stream, progress));
            SummaryTable.Write(summary, options.LakeRoot);
            return 0;
        }));
        return command;
    }

    private static FileStream OpenInput(string path) =>
        File.Exists(path) ? File.OpenRead(path) : throw new ReplayException($"cannot read '{path}': no such file.");

    private static T Positive<T>(T value, string option)
        where T : System.Numerics.INumber<T> =>
        value > T.Zero ? value : throw new ReplayException($"{option} must be positive; got {value}.");
}
