using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PipesLake.Blueprint;
using PipesLake.Sampling;

namespace PipesLake.Benchmarks;

/// <summary>
/// The replay issue's benchmark: <c>sample --count 1000000</c>, then a whole replay into a temporary
/// lake, per iteration. Set PIPESLAKE_BENCH_DIR to choose the file system (the default is the temp folder).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class ReplayBenchmarks
{
    public const int Records = 1_000_000;

    private string _root = null!;
    private string _input = null!;
    private LakeSettings _settings = null!;

    [GlobalSetup]
    public void Setup()
    {
        string parent = Environment.GetEnvironmentVariable("PIPESLAKE_BENCH_DIR") ?? Path.GetTempPath();
        _root = Directory.CreateTempSubdirectory("pipeslake-bench-").FullName;
        if (parent != Path.GetTempPath())
        {
            Directory.Delete(_root);
            _root = Path.Combine(parent, Path.GetFileName(_root));
            Directory.CreateDirectory(_root);
        }

        _input = WriteSample(_root);
        _settings = SettingsReader.Defaults("dev", "eu-west-1");
    }

    /// <summary>Writes the benchmarks' input, <c>sample --count 1000000</c>, into a folder; returns its path.</summary>
    public static string WriteSample(string folder)
    {
        string path = Path.Combine(folder, "stream-records.ndjson");
        using FileStream file = File.Create(path);
        SampleCommand.Write(new SampleGenerator(sites: 8, seed: 1), Records, file);
        return path;
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

    [Benchmark(Description = "replay 1,000,000 sampled records")]
    public long Replay()
    {
        using var store = new LakeFolder(Path.Combine(_root, "lake"));
        using var runner = new ReplayRunner(new ReplayOptions(_settings, Path.Combine(_root, "lake")) { Arrival = DateTimeOffset.UnixEpoch }, store);
        using FileStream input = File.OpenRead(_input);
        return runner.Run(input).Delivered;
    }
}
