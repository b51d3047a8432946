using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace PipesLake.Benchmarks;

/// <summary>A short, repeatable job plus MB/s, records/s and bytes allocated per record.</summary>
internal sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(12));
        AddColumn(new ThroughputColumn(ThroughputColumn.Kind.MegabytesPerSecond));
        AddColumn(new ThroughputColumn(ThroughputColumn.Kind.RecordsPerSecond));
        AddColumn(new ThroughputColumn(ThroughputColumn.Kind.BytesAllocatedPerRecord));
    }
}
