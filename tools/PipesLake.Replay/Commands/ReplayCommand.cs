using System.CommandLine;
using System.Globalization;

namespace PipesLake.Replay.Commands;

/// <summary><c>replay &lt;stream-records&gt; --lake &lt;dir&gt;</c>.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("stream-records") { Description = "DynamoDB stream records: a JSON array, NDJSON, or get-records output, plain or GZIP: a file, an object s3://bucket/key (read where it is), or '-' for stdin." };
        var lake = new Option<string>("--lake") { Description = "Folder that stands in for the bucket, or the lake bucket s3://bucket/.", Required = true };
        var stack = StackOption.Create();
        var gzip = new Option<bool?>("--gzip") { Description = "Write GZIP objects (.gz), as the delivery stream does with GZIP compression (default: the stack's compression)." };
        var batchRecords = new Option<int>("--batch-records") { Description = "Records per function invocation at most.", DefaultValueFactory = _ => 10_000 };
        var batchBytes = new Option<long?>("--batch-bytes") { Description = "Bytes per function invocation (default: the stack's processor buffer)." };
        var arrival = new Option<DateTimeOffset?>("--arrival") { Description = "Arrival time for timestamps and object names, e.g. 2024-01-01T00:00:00Z (default: now, or the interrupted run's when resuming)." };
        var s3 = new S3Options();
        var command = new Command("replay", "Run stream records through filter, template, function and prefixes into a lake, a folder or a bucket.")
        {
            input, lake, stack, gzip, batchRecords, batchBytes, arrival,
        };
        s3.AddTo(command);
        command.SetAction(result => CommandErrors.Run(() =>
        {
            var settings = StackOption.Settings(result.GetValue(stack));
            string into = result.GetValue(lake)!;
            bool bucket = S3Location.Is(into);
            var options = new ReplayOptions(settings, bucket ? S3Location.Parse(into).ToString() : Path.GetFullPath(into))
            {
                BatchRecords = Positive(result.GetValue(batchRecords), "--batch-records"),
            };
            options = options with { Gzip = result.GetValue(gzip) ?? options.Gzip };
            if (result.GetValue(batchBytes) is long bytes)
            {
                options = options with { BatchBytes = Positive(bytes, "--batch-bytes") };
            }

            string path = result.GetValue(input)!;
            bool fromBucket = S3Location.Is(path);
            FileInfo? file = path == "-" || fromBucket ? null : InputFile(path);
            DateTimeOffset? asked = result.GetValue(arrival);
            using Amazon.S3.IAmazonS3? client = bucket || fromBucket ? S3Connection.Create(result.GetValue(s3.EndpointUrl), result.GetValue(s3.Profile), settings.Region) : null;
            S3InputObject? remote = fromBucket ? S3InputObject.Find(client!, path) : null;
            using LakeFolder? lakeFolder = bucket ? null : new LakeFolder(options.LakeRoot);
            IObjectStore store = lakeFolder ?? (IObjectStore)new S3Lake(client!, S3Location.Parse(into), result.GetValue(s3.KmsKeyId));
            (string Name, string Version)? version = remote?.Identity
                ?? (file is null ? null : (file.FullName, string.Create(CultureInfo.InvariantCulture, $"{file.Length} bytes, changed {file.LastWriteTimeUtc:O}")));
            if (version is null)
            {
                options = options with { Arrival = asked ?? DateTimeOffset.UtcNow };
                if (asked is null)
                {
                    Console.Error.WriteLine($"pipeslake-replay: reading standard input: should this run be cut short, rerun it with --arrival {RunJournal.Format(options.Arrival)} to finish it without writing a record twice.");
                }
            }

            // Standard input is one job per arrival: a rerun with the interrupted run's --arrival is that job.
            using IDisposable lease = store.Hold(RunLease.Key("replay", version?.Name ?? $"-@{RunJournal.Format(options.Arrival)}"));
            if (version is { } identity)
            {
                Dictionary<string, string> shape = RunJournal.Options(settings, options.Gzip);
                shape["--batch-records"] = options.BatchRecords.ToString(CultureInfo.InvariantCulture);
                shape["--batch-bytes"] = options.BatchBytes.ToString(CultureInfo.InvariantCulture);
                options = options with { Arrival = RunJournal.Begin(store, "replay", identity, shape, asked) };
            }

            using Stream stream = remote?.Open() ?? (file is null ? Console.OpenStandardInput() : LakeFolder.OpenRead(file.FullName));
            using var runner = new ReplayRunner(options, store);
            ReplaySummary summary = ProgressReport.Run("replaying", remote?.Length ?? file?.Length, progress => runner.Run(stream, progress), () => runner.Records, runner.Detail);
            if (summary.Read == summary.MalformedLines.Count)
            {
                throw new ReplayException(summary.Read == 0
                    ? $"'{path}' holds no stream records."
                    : $"'{path}' holds no stream records: none of its {summary.Read:N0} record(s) is a JSON object; is it a JSON array, NDJSON or get-records output?");
            }

            SummaryTable.Write(summary, options.LakeRoot);
            return summary.MalformedLines.Count > 0 ? CommandErrors.InputLeftOut : 0;
        }));
        return command;
    }

    /// <summary>
    /// The input file, or one line saying why it cannot be read. A GZIP file is read to its end first: one cut
    /// short must stop the run before it writes anything, not after.
    /// </summary>
    private static FileInfo InputFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new ReplayException($"cannot read '{path}': it is a folder; pass a file of stream records.");
        }

        if (!File.Exists(path))
        {
            throw new ReplayException($"cannot read '{path}': no such file.");
        }

        using (Stream check = LakeFolder.OpenRead(path))
        {
            if (check is CheckedGzipStream)
            {
                check.CopyTo(Stream.Null);
            }
        }

        return new FileInfo(path);
    }

    private static T Positive<T>(T value, string option)
        where T : System.Numerics.INumber<T> =>
        value > T.Zero ? value : throw new ReplayException($"{option} must be positive; got {value}.");
}
