using System.CommandLine;
using System.Text.Json;
using PipesLake.Sampling;

namespace PipesLake.Replay.Commands;

/// <summary><c>sample --count N [--sites K] [--seed S]</c>: realistic stream records as NDJSON.</summary>
internal static class SampleCommand
{
    public static Command Create(ToolConsole console)
    {
        var count = new Option<int>("--count") { Description = "How many records.", Required = true };
        var sites = new Option<int>("--sites") { Description = "How many distinct sites.", DefaultValueFactory = _ => 8 };
        var seed = new Option<int>("--seed") { Description = "Seed; the same seed gives the same records.", DefaultValueFactory = _ => 1 };
        var malformed = new Option<int>("--malformed-every") { Description = "One record in this many is malformed; 0 for none.", DefaultValueFactory = _ => 500 };
        var perSecond = new Option<int>("--per-second") { Description = "Changes per second of event time (sets how many minute partitions the sample spans).", DefaultValueFactory = _ => 20 };
        var output = new Option<FileInfo?>("--out") { Description = "File to write (default: stdout); with --format export or errors, the folder to write." };
        var format = new Option<string>("--format") { Description = "stream: stream records (NDJSON), replay's input; export: a DynamoDB export folder (manifests, GZIP data files of 100,000 items, in no time order), backfill's input; errors: Firehose error objects of 10,000 records, redrive's input.", DefaultValueFactory = _ => "stream" };
        format.AcceptOnlyFromAmong("stream", "export", "errors");
        var perObject = new Option<int>("--records-per-object") { Description = "With --format errors: records in each error object (an incident's objects are many and small).", DefaultValueFactory = _ => SampleFiles.RecordsPerErrorObject };
        var command = new Command("sample", "Write realistic DynamoDB stream records, an export or error objects, for demos and benchmarks.") { count, sites, seed, malformed, perSecond, output, format, perObject };
        command.SetAction(result => CommandErrors.Run(console, () =>
        {
            int n = result.GetValue(count);
            int k = result.GetValue(sites);
            int every = result.GetValue(malformed);
            int rate = result.GetValue(perSecond);
            int each = result.GetValue(perObject);
            if (n < 0 || k < 1 || every < 0 || rate < 1 || each < 1)
            {
                throw new ReplayException("--count must be 0 or more, --sites, --per-second and --records-per-object 1 or more, --malformed-every 0 or more.");
            }

            FileInfo? file = result.GetValue(output);
            var generator = new SampleGenerator(k, result.GetValue(seed), every, rate);
            if (result.GetValue(format) is "export" or "errors")
            {
                return WriteFolder(result.GetValue(format)!, generator, n, file, result.GetValue(seed), each);
            }

            if (file is null)
            {
                using Stream stdout = console.OpenOutput();
                Write(generator, n, stdout);
                return 0;
            }

            // Complete under its name or not there: a cut-short sample must not pass for a smaller one.
            string temp = $"{file.FullName}.{Guid.NewGuid():N}.tmp";
            using (FileStream stream = File.Create(temp))
            {
                Write(generator, n, stream);
            }

            File.Move(temp, file.FullName, overwrite: true);
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// An export or an error tree, written into a new folder beside <paramref name="folder"/> and renamed into place:
    /// complete under its name or not there.
    /// </summary>
    private static int WriteFolder(string format, SampleGenerator generator, int count, FileInfo? folder, int seed, int recordsPerObject)
    {
        if (folder is null)
        {
            throw new ReplayException($"--format {format} writes a folder: pass it with --out.");
        }

        if (Directory.Exists(folder.FullName) || File.Exists(folder.FullName))
        {
            throw new ReplayException($"--out '{folder.FullName}' exists; pass a new folder.");
        }

        string temp = $"{folder.FullName}.{Guid.NewGuid():N}.tmp";
        if (format == "export")
        {
            SampleFiles.WriteExport(generator, count, temp, seed);
        }
        else
        {
            SampleFiles.WriteErrorObjects(generator, count, temp, recordsPerObject);
        }

        Directory.Move(temp, folder.FullName);
        return 0;
    }

    public static void Write(SampleGenerator generator, int count, Stream output)
    {
        using var buffered = new BufferedStream(output, 1 << 16);
        using var writer = new Utf8JsonWriter(buffered);
        for (int i = 0; i < count; i++)
        {
            generator.WriteStreamRecord(writer);
            writer.Flush();
            writer.Reset();
            buffered.WriteByte((byte)'\n');
        }
    }
}
