using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PipesLake.Blueprint;

namespace PipesLake.Benchmarks;

/// <summary>
/// The query issue's benchmark: the lake of <c>sample --count 1000000</c> replayed once, then the
/// <c>orders_changes_current</c> count through DuckDB per iteration (views created each time, as the CLI does).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class QueryBenchmarks
{
    private string _root = null!;
    private LakeSettings _settings = null!;

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("pipeslake-query-bench-").FullName;
        string input = ReplayBenchmarks.WriteSample(_root);
        _settings = SettingsReader.Defaults("dev", "eu-west-1");
        using var store = new LakeFolder(Path.Combine(_root, "lake"));
        using var runner = new ReplayRunner(new ReplayOptions(_settings, Path.Combine(_root, "lake")) { Arrival = DateTimeOffset.UnixEpoch }, store);
        using FileStream records = File.OpenRead(input);
        runner.Run(records);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark(Description = "query count(*), count(distinct id) from orders_changes_current over 1,000,000 replayed records")]
    public string CurrentState()
    {
        using var lake = new LocalLake(Path.Combine(_root, "lake"), _settings);
        return lake.Query("select count(*), count(distinct id) from orders_changes_current", QueryCommand.Csv);
    }
}
