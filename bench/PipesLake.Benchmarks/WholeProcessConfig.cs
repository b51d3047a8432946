using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace PipesLake.Benchmarks;

/// <summary>Records/s over the mean, the highest peak RSS any run of the row reached, and its runs' mean CPU time.</summary>
internal sealed class WholeProcessConfig : ManualConfig
{
    public WholeProcessConfig()
    {
        AddColumn(new ScaleColumn(records: true), new ScaleColumn(records: false), new CpuColumn());
    }

    /// <summary>The rows of peaks.tsv of one benchmark case: command, records, peak KiB, CPU seconds.</summary>
    private static IEnumerable<string[]> Rows(BenchmarkCase benchmarkCase)
    {
        string command = (string)benchmarkCase.Parameters["Command"];
        string count = ((int)benchmarkCase.Parameters["Records"]).ToString(CultureInfo.InvariantCulture);
        string peaks = Path.Combine(WholeProcessBenchmarks.Folder, "peaks.tsv");
        return !File.Exists(peaks) ? [] : File.ReadLines(peaks).Select(line => line.Split('\t')).Where(f => f[0] == command && f[1] == count);
    }

    /// <summary>CPU seconds (user and system) per run, the mean of every run of the row, warm-up included.</summary>
    private sealed class CpuColumn : IColumn
    {
        public string Id => "WholeProcess.CpuSeconds";

        public string ColumnName => "CPU s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 2;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "User and system CPU seconds of a run, the mean of every run of the row (warm-up included)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            double[] seconds = [.. Rows(benchmarkCase).Where(f => f.Length > 3).Select(f => double.Parse(f[3], CultureInfo.InvariantCulture))];
            return seconds.Length == 0 ? "-" : seconds.Average().ToString("N2", CultureInfo.InvariantCulture);
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }

    private sealed class ScaleColumn(bool records) : IColumn
    {
        public string Id => records ? "WholeProcess.RecordsPerSecond" : "WholeProcess.PeakRss";

        public string ColumnName => records ? "records/s" : "peak RSS (MiB)";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => records ? 0 : 1;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => records ? "Input records per second of the mean run" : "Highest VmHWM of any run of the row, MiB";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            int count = (int)benchmarkCase.Parameters["Records"];
            if (records)
            {
                BenchmarkReport? report = summary[benchmarkCase];
                return report?.ResultStatistics is null ? "-" : (count / (report.ResultStatistics.Mean / 1e9)).ToString("N0", CultureInfo.InvariantCulture);
            }

            long[] kilobytes = [.. Rows(benchmarkCase).Select(f => long.Parse(f[2], CultureInfo.InvariantCulture))];
            return kilobytes.Length == 0 ? "-" : (kilobytes.Max() / 1024.0).ToString("N0", CultureInfo.InvariantCulture);
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
