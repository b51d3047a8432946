using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using PipesLake.Partitioning;

namespace PipesLake.Benchmarks;

/// <summary>A short, repeatable job plus MB/s, records/s and bytes allocated per record.</summary>
internal sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        // The same GC budget the stack sets on the function, so the rows measure what is deployed.
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(12)
            .WithEnvironmentVariables(new EnvironmentVariable(PartitionerEnvironment.GcGen0Size, PartitionerEnvironment.GcGen0SizeValue)));
        AddColumn(new ThroughputColumn(ThroughputColumn.Kind.MegabytesPerSecond));
        AddColumn(new ThroughputColumn(ThroughputColumn.Kind.RecordsPerSecond));
        AddColumn(new ThroughputColumn(ThroughputColumn.Kind.BytesAllocatedPerRecord));
    }
}
