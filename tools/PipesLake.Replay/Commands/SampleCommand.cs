using System.CommandLine;
using System.Text.Json;
using PipesLake.Sampling;

namespace PipesLake.Replay.Commands;

/// <summary><c>sample --count N [--sites K] [--seed S]</c>: realistic stream records as NDJSON.</summary>
internal static class SampleCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "How many records.", Required = true };
        var sites = new Option<int>("--sites") { Description = "How many distinct sites.", DefaultValueFactory = _ => 8 };
        var seed = new Option<int>("--seed") { Description = "Seed; the same seed gives the same records.", DefaultValueFactory = _ => 1 };
        var malformed = new Option<int>("--malformed-every") { Description = "One record in this many is malformed; 0 for none.", DefaultValueFactory = _ => 500 };
        var perSecond = new Option<int>("--per-second") { Description = "Changes per second of event time (sets how many minute partitions the sample spans).", DefaultValueFactory = _ => 20 };
        var output = new Option<FileInfo?>("--out") { Description = "File to write (default: stdout)." };
        var command = new Command("sample", "Write realistic DynamoDB stream records (NDJSON) for demos and benchmarks.") { count, sites, seed, malformed, perSecond, output };
        command.SetAction(result => CommandErrors.Run(() =>
        {
            int n = result.GetValue(count);
            int k = result.GetValue(sites);
            int every = result.GetValue(malformed);
            int rate = result.GetValue(perSecond);
            if (n < 0 || k < 1 || every < 0 || rate < 1)
            {
                throw new ReplayException("--count must be 0 or more, --sites and --per-second 1 or more, --malformed-every 0 or more.");
            }

            FileInfo? file = result.GetValue(output);
            var generator = new SampleGenerator(k, result.GetValue(seed), every, rate);
            if (file is null)
            {
                using Stream stdout = Console.OpenStandardOutput();
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
