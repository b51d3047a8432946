using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;

namespace PipesLake.Replay.Commands;

/// <summary><c>replay &lt;stream-records&gt; --lake &lt;dir&gt;</c>.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("stream-records") { Description = "DynamoDB stream records: a JSON array, NDJSON, or get-records output, plain or GZIP: a file, an object s3://bucket/key (read where it is), or '-' for stdin." };
        var lake = new Option<string>("--lake") { Description = "Folder that stands in for the bucket, or the lake bucket s3://bucket/.", Required = true };
        var stack = StackOption.Create();
        var gzip = GzipOption.Create();
        var batchRecords = new Option<int>("--batch-records") { Description = "Records per function invocation at most.", DefaultValueFactory = _ => 10_000 };
        var batchBytes = new Option<long?>("--batch-bytes") { Description = "Bytes per function invocation (default: the stack's processor buffer)." };
        var arrival = new Option<DateTimeOffset?>("--arrival") { Description = "Arrival time for timestamps and object names, e.g. 2024-01-01T00:00:00Z (default: now, or the arrival of this lake's run over the same content)." };
        var table = TableOption.Create("The table of records without an eventSourceARN (default: the stack's table, when it has one); a record's own eventSourceARN always decides.");
        var s3 = new S3Options();
        var command = new Command("replay", "Run stream records through each table's filter, template, function and prefixes into a lake, a folder or a bucket.")
        {
            input, lake, stack, gzip, batchRecords, batchBytes, arrival, table,
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
                Table = result.GetValue(table),
            };
            options = options with { Gzip = result.GetValue(gzip) ?? options.Gzip };
            if (result.GetValue(batchBytes) is long bytes)
            {
                options = options with { BatchBytes = Positive(bytes, "--batch-bytes") };
            }

            string path = result.GetValue(input)!;
            using Amazon.S3.IAmazonS3? client = bucket || S3Location.Is(path) ? S3Connection.Create(result.GetValue(s3.EndpointUrl), result.GetValue(s3.Profile), settings.Region) : null;
            ReplayInput source = ReplayInput.Find(path, () => client!);
            using LakeFolder? lakeFolder = bucket ? null : new LakeFolder(options.LakeRoot);
            using S3Lake? lakeBucket = bucket ? new S3Lake(client!, S3Location.Parse(into), result.GetValue(s3.KmsKeyId)) : null;
            IObjectStore store = lakeFolder ?? (IObjectStore)lakeBucket!;
            Dictionary<string, string> shape = RunJournal.Options(settings, options.Gzip);
            shape["--batch-records"] = options.BatchRecords.ToString(CultureInfo.InvariantCulture);
            shape["--batch-bytes"] = options.BatchBytes.ToString(CultureInfo.InvariantCulture);
            DateTimeOffset? asked = result.GetValue(arrival);
            DateTimeOffset first = asked ?? (source.Seen is { } seen ? RunJournal.Hint(store, "replay", seen) : null) ?? DateTimeOffset.UtcNow;
            ReplaySummary summary = Replay(source, store, options with { Arrival = first }, shape, asked is not null);
            if (summary.Read == summary.MalformedLines.Count)
            {
                throw new ReplayException(summary.Read == 0
                    ? $"'{path}' holds no stream records."
                    : $"'{path}' holds no stream records: none of its {summary.Read:N0} record(s) is a JSON object; is it a JSON array, NDJSON or get-records output?");
            }

            SummaryTable.Write(summary, options.LakeRoot);
            return summary.MalformedLines.Count > 0 || summary.TooLargeForFirehose.Count > 0 ? CommandErrors.InputLeftOut : 0;
        }));
        return command;
    }

    /// <summary>
    /// Replays <paramref name="source"/> as one job of the lake: the job is known by the content read, so once every
    /// record is read the run takes the job's lease and its journal. A job the lake already holds keeps its arrival:
    /// when this run used another, it reads its input again with the job's (a file or an object), or says which to
    /// use (standard input); either way, nothing is written twice.
    /// </summary>
    private static ReplaySummary Replay(ReplayInput source, IObjectStore store, ReplayOptions options, IReadOnlyDictionary<string, string> shape, bool asked)
    {
        while (true)
        {
            IDisposable? lease = null;
            DateTimeOffset? journaled = null;
            try
            {
                using var content = new HashingStream(source.Read(), HashAlgorithmName.SHA256);
                using var runner = new ReplayRunner(options, store);
                ReplaySummary? summary = ProgressReport.Run("replaying", source.Length, progress => runner.Run(content, progress, () =>
                {
                    var job = new JobInput(source.Shown, RunJournal.Content(content.Finish()), source.Seen);
                    lease = store.Hold(RunLease.Key("replay", job.Content));
                    journaled = RunJournal.Begin(store, "replay", job, shape, options.Arrival, asked);
                    return journaled == options.Arrival;
                }), () => runner.Records, runner.Detail);
                if (summary is not null)
                {
                    return summary;
                }
            }
            finally
            {
                lease?.Dispose();
            }

            // The lake holds this content's job with another arrival: what this run made must not be written.
            Console.Error.WriteLine($"pipeslake-replay: this content was written into this lake before, with --arrival {RunJournal.Format(journaled!.Value)}; reading it again with that arrival to finish that run.");
            options = options with { Arrival = journaled.Value };
        }
    }

    private static T Positive<T>(T value, string option)
        where T : System.Numerics.INumber<T> =>
        value > T.Zero ? value : throw new ReplayException($"{option} must be positive; got {value}.");
}
