using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PipesLake.Sampling;

namespace PipesLake.Benchmarks;

/// <summary>
/// The scale issue's job: <c>replay</c>, <c>backfill</c> and <c>redrive</c>, each run as a whole process
/// (<c>dotnet pipeslake-replay.dll …</c>) into a lake folder on disk, and <c>reconcile</c> of the export against the lake
/// its backfill wrote (made once per size, before the first iteration), over generated inputs of 1,000,000, 5,000,000 and
/// 10,000,000 records (<c>sample --format stream|export|errors</c>, kept in PIPESLAKE_BENCH_DIR or the temp folder
/// between runs, never committed). The errors are an incident's many small objects, 36 records each. Records/s is the count over the mean; peak RSS is the process's VmHWM, read from
/// /proc while it runs, with its CPU time (user and system). Write-back of the previous iteration is flushed (<c>sync</c>) before each one.
/// Run: <c>dotnet run -c Release --project bench/PipesLake.Benchmarks -- --filter '*WholeProcess*'</c>
/// (PIPESLAKE_BENCH_RECORDS=1000000 for the small inputs only, PIPESLAKE_BENCH_COMMANDS=replay for one command).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[Config(typeof(WholeProcessConfig))]
public class WholeProcessBenchmarks
{
    private string _inputs = null!;
    private string _lake = null!;
    private string _tool = null!;

    [ParamsSource(nameof(Commands))]
    public string Command { get; set; } = "replay";

    /// <summary>The commands: replay, backfill, redrive and reconcile, or those PIPESLAKE_BENCH_COMMANDS lists (comma-separated).</summary>
    public static IEnumerable<string> Commands => (Environment.GetEnvironmentVariable("PIPESLAKE_BENCH_COMMANDS") ?? "replay,backfill,redrive,reconcile").Split(',');

    [ParamsSource(nameof(Sizes))]
    public int Records { get; set; }

    /// <summary>Input sizes: 1,000,000, 5,000,000 and 10,000,000, or those PIPESLAKE_BENCH_RECORDS lists (comma-separated).</summary>
    public static IEnumerable<int> Sizes =>
        (Environment.GetEnvironmentVariable("PIPESLAKE_BENCH_RECORDS") ?? "1000000,5000000,10000000").Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture));

    /// <summary>
    /// Records in each error object: the scale of the incident the redrive issue measured (139,719 objects for
    /// 5,000,000 records), where a delivery stream's failures came out as many small objects.
    /// </summary>
    public const int IncidentRecordsPerObject = 36;

    /// <summary>Where inputs, lakes and measured peaks live.</summary>
    public static string Folder => Path.Combine(Environment.GetEnvironmentVariable("PIPESLAKE_BENCH_DIR") ?? Path.GetTempPath(), "pipeslake-scale");

    [GlobalSetup]
    public void Setup()
    {
        _inputs = Directory.CreateDirectory(Path.Combine(Folder, "inputs")).FullName;
        _lake = Path.Combine(Folder, Command == "reconcile" ? $"lake-reconcile-{Records}" : "lake");
        _tool = Path.Combine(AppContext.BaseDirectory, "pipeslake-replay.dll");
        // This row's peaks are measured afresh.
        string peaks = Path.Combine(Folder, "peaks.tsv");
        string row = string.Create(CultureInfo.InvariantCulture, $"{Command}\t{Records}\t");
        if (File.Exists(peaks))
        {
            File.WriteAllLines(peaks, [.. File.ReadLines(peaks).Where(line => !line.StartsWith(row, StringComparison.Ordinal))]);
        }

        string input = Input();
        if (!Path.Exists(input))
        {
            // The same generator the tool's `sample` command runs; complete under its name or not there.
            string temp = input + ".tmp";
            var generator = new SampleGenerator(sites: 8, seed: 1);
            if (Command == "replay")
            {
                using (FileStream file = File.Create(temp))
                {
                    SampleCommand.Write(generator, Records, file);
                }

                File.Move(temp, input);
            }
            else
            {
                if (Command is "backfill" or "reconcile")
                {
                    SampleFiles.WriteExport(generator, Records, temp, seed: 1);
                }
                else
                {
                    SampleFiles.WriteErrorObjects(generator, Records, temp, IncidentRecordsPerObject);
                }

                Directory.Move(temp, input);
            }
        }

        if (Command == "reconcile" && !Directory.Exists(_lake))
        {
            // The lake reconcile reads: the export's backfill, complete under its name or not there.
            string temp = _lake + ".tmp";
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }

            if (RunTool("backfill", input, temp) != 0)
            {
                throw new InvalidOperationException("the backfill for reconcile failed");
            }

            Directory.Move(temp, _lake);
        }
    }

    [IterationSetup]
    public void Clear()
    {
        // reconcile only reads its lake.
        if (Command != "reconcile" && Directory.Exists(_lake))
        {
            Directory.Delete(_lake, recursive: true);
        }

        using Process sync = Process.Start("sync")!;
        sync.WaitForExit();
    }

    [Benchmark(Description = "whole process into a lake folder")]
    public long Run()
    {
        long peak = 0;
        double cpu = 0;
        int code = RunTool(Command, Input(), _lake, pid =>
        {
            peak = Math.Max(peak, PeakKilobytes(pid));
            cpu = Math.Max(cpu, CpuSeconds(pid));
        });
        // 0 or 3: the sample holds a few malformed records on purpose; reconcile finds its lake whole.
        if (Command == "reconcile" ? code != 0 : code is not (0 or 3))
        {
            throw new InvalidOperationException($"{Command} exited {code}");
        }

        File.AppendAllText(Path.Combine(Folder, "peaks.tsv"), string.Create(CultureInfo.InvariantCulture, $"{Command}\t{Records}\t{peak}\t{cpu:F2}\n"));
        return peak;
    }

    private int RunTool(string command, string input, string lake, Action<int>? watch = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { _tool, command, input, "--lake", lake })
        {
            start.ArgumentList.Add(arg);
        }

        if (command == "replay")
        {
            start.ArgumentList.Add("--arrival");
            start.ArgumentList.Add("2024-02-01T12:00:00Z");
        }

        using Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        while (!process.WaitForExit(10))
        {
            watch?.Invoke(process.Id);
        }

        return process.ExitCode;
    }

    private string Input() => Path.Combine(_inputs, Command switch
    {
        "replay" => $"stream-{Records}.ndjson",
        "backfill" or "reconcile" => $"export-{Records}",
        _ => $"errors-{Records}-{IncidentRecordsPerObject}",
    });

    /// <summary>
    /// The process's CPU time so far, user and system (<c>utime</c> and <c>stime</c> of /proc/&lt;pid&gt;/stat, in the
    /// kernel's USER_HZ ticks, 100 a second on Linux): unlike the wall time, the disk's write-back does not move it.
    /// Read every 10 ms, so the last 10 ms of a run are not counted.
    /// </summary>
    private static double CpuSeconds(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name, in parentheses, may hold spaces: fields are counted after it (state is field 3).
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static long PeakKilobytes(int pid)
    {
        try
        {
            string? line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
