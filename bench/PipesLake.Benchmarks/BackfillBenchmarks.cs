using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PipesLake.Blueprint;

namespace PipesLake.Benchmarks;

/// <summary>
/// The backfill issue's benchmark, like the replay's: an export of 1,000,000 items (the images of
/// <c>sample --count 1000000</c>, as DYNAMODB_JSON in ten gzip files), backfilled into a temporary lake per iteration.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class BackfillBenchmarks
{
    private const int Files = 10;

    private string _root = null!;
    private LakeSettings _settings = null!;

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("pipeslake-backfill-bench-").FullName;
        WriteExport(ReplayBenchmarks.WriteSample(_root), Path.Combine(_root, "export"));
        _settings = SettingsReader.Defaults("dev", "eu-west-1");
    }

    [IterationCleanup]
    public void RemoveLake()
    {
        string lake = Path.Combine(_root, "lake");
        if (Directory.Exists(lake))
        {
            Directory.Delete(lake, recursive: true);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark(Description = "backfill an export of 1,000,000 items")]
    public long Backfill()
    {
        using var runner = new BackfillRunner(ExportManifest.Read(new FolderExport(new DirectoryInfo(Path.Combine(_root, "export")))), _settings, Path.Combine(_root, "lake"), gzip: false);
        return runner.Run().Delivered;
    }

    /// <summary>One item per sampled record (its new image, or its old one for a delete), as an export writes it.</summary>
    public static void WriteExport(string sample, string folder)
    {
        string data = Directory.CreateDirectory(Path.Combine(folder, "data")).FullName;
        var writers = new StreamWriter[Files];
        long[] counts = new long[Files];
        for (int i = 0; i < Files; i++)
        {
            writers[i] = new StreamWriter(new GZipStream(File.Create(Path.Combine(data, $"part-{i}.json.gz")), CompressionLevel.Fastest));
        }

        long n = 0;
        foreach (string line in File.ReadLines(sample))
        {
            try
            {
                using JsonDocument record = JsonDocument.Parse(line);
                JsonElement dynamodb = record.RootElement.GetProperty("dynamodb");
                JsonElement image = dynamodb.TryGetProperty("NewImage", out JsonElement added) ? added : dynamodb.GetProperty("OldImage");
                counts[n % Files]++;
                writers[n++ % Files].WriteLine($"{{\"Item\":{image.GetRawText()}}}");
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                // The sample's malformed records have no image to export.
            }
        }

        foreach (StreamWriter writer in writers)
        {
            writer.Dispose();
        }

        // The manifest as DynamoDB writes it: backfill checks every file's item count and MD5 before it starts.
        using (var manifest = new StreamWriter(Path.Combine(folder, "manifest-files.json")))
        {
            for (int i = 0; i < Files; i++)
            {
                string md5 = Convert.ToBase64String(MD5.HashData(File.ReadAllBytes(Path.Combine(data, $"part-{i}.json.gz"))));
                manifest.WriteLine($"{{\"itemCount\":{counts[i]},\"md5Checksum\":\"{md5}\",\"dataFileS3Key\":\"AWSDynamoDB/bench/data/part-{i}.json.gz\"}}");
            }
        }

        File.WriteAllText(Path.Combine(folder, "manifest-summary.json"), $"{{\"exportArn\":\"arn:aws:dynamodb:eu-west-1:123456789012:table/pipeslake-dev-changes/export/bench\",\"exportTime\":\"2024-02-01T12:00:00Z\",\"outputFormat\":\"DYNAMODB_JSON\",\"itemCount\":{n}}}");
    }
}
