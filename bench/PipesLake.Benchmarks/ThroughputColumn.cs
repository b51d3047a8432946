using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace PipesLake.Benchmarks;

/// <summary>
/// Derives throughput from the mean time of one batch. Every row processes the same batch, so its
/// decoded size (the record bytes Firehose hands the function) is the common yardstick.
/// </summary>
internal sealed class ThroughputColumn(ThroughputColumn.Kind kind) : IColumn
{
    // The batch is deterministic, so the host process can rebuild it to learn its size.
    private static readonly Lazy<FirehoseBatch> s_batch = new(FirehoseBatch.Create);

    public enum Kind
    {
        MegabytesPerSecond,
        RecordsPerSecond,
        BytesAllocatedPerRecord,
    }

    public string Id => $"{nameof(ThroughputColumn)}.{kind}";

    public string ColumnName => kind switch
    {
        Kind.MegabytesPerSecond => "MB/s",
        Kind.RecordsPerSecond => "records/s",
        _ => "B/record",
    };

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => (int)kind;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => kind switch
    {
        Kind.MegabytesPerSecond => "Decoded record bytes per second (1 MB = 10^6 bytes)",
        Kind.RecordsPerSecond => "Records per second",
        _ => "Managed bytes allocated per record",
    };

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        BenchmarkReport? report = summary[benchmarkCase];
        if (report?.ResultStatistics is null)
        {
            return "-";
        }

        double seconds = report.ResultStatistics.Mean / 1e9;
        return kind switch
        {
            Kind.MegabytesPerSecond => (s_batch.Value.DecodedBytes / seconds / 1e6).ToString("N0", CultureInfo.InvariantCulture),
            Kind.RecordsPerSecond => (s_batch.Value.RecordCount / seconds).ToString("N0", CultureInfo.InvariantCulture),
            _ => ((double)report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase).GetValueOrDefault() / s_batch.Value.RecordCount).ToString("N1", CultureInfo.InvariantCulture),
        };
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
