using System.Diagnostics;
using PipesLake.Sampling;

namespace PipesLake.Replay.Tests;

/// <summary>
/// Runs of <c>replay</c>, <c>backfill</c> and <c>redrive</c>, as separate processes, cut short with SIGKILL or
/// SIGINT at several points (before the first object, and after a share of the objects), rerun and cut short
/// again, then rerun to the end: the lake must hold exactly the lines of an uninterrupted run, every object
/// must read whole, and <c>query</c> must work on it.
/// </summary>
[NonParallelizable]
public sealed class InterruptionTests
{
    private static readonly double[] s_killPoints = [0, 0.3, 0.7, 0.97];

    private string _root = null!;

    [OneTimeSetUp]
    public void CreateInputs()
    {
        _root = Directory.CreateTempSubdirectory("pipeslake-interrupt-").FullName;
        using (FileStream records = File.Create(Path.Combine(_root, "records.ndjson")))
        {
            SampleCommand.Write(new SampleGenerator(sites: 8, seed: 3, malformedEvery: 0, perSecond: 2), 6_000, records);
        }

        WriteExport(Path.Combine(_root, "export"), items: 6_000, files: 4);
        WriteErrorObjects(Path.Combine(_root, "errors"), objects: 120, recordsEach: 50);
    }

    [OneTimeTearDown]
    public void RemoveInputs() => Directory.Delete(_root, recursive: true);

    [TestCase("replay", "KILL")]
    [TestCase("replay", "INT")]
    [TestCase("backfill", "KILL")]
    [TestCase("backfill", "INT")]
    [TestCase("redrive", "KILL")]
    [TestCase("redrive", "INT")]
    public void CutShortAndRerun_GivesTheUninterruptedLake(string command, string signal)
    {
        string reference = Path.Combine(_root, $"{command}-{signal}-reference");
        Assert.That(Run(command, reference).ExitCode, Is.Zero);
        string[] expected = Lines(reference);
        int objects = CommandLineTests.LakeObjectsOf(reference).Length;
        Assert.That(objects, Is.GreaterThan(100), "enough objects to cut a run among them");

        foreach (double point in s_killPoints)
        {
            string lake = Path.Combine(_root, $"{command}-{signal}-{point}");
            int target = (int)(point * objects);
            bool cut = RunAndCut(command, lake, signal, target);
            // The rerun is cut short too, a third of the objects further on.
            bool cutAgain = RunAndCut(command, lake, signal, target + (objects / 3));
            TestContext.Out.WriteLine($"{command} SIG{signal} at {target}/{objects}: cut {cut}, rerun cut {cutAgain}, objects then {Count(lake)}");
            using Process last = Run(command, lake);

            string at = $"{command} cut by SIG{signal} after {target} of {objects} objects (cut: {cut}, rerun cut: {cutAgain})";
            Assert.That(last.ExitCode, Is.Zero, at);
            Assert.That(Lines(lake), Is.EqualTo(expected), at);
            Assert.That(Query(lake), Is.EqualTo(Query(reference)), at);
            Assert.That(Directory.EnumerateFileSystemEntries(Path.Combine(lake, LakeFolder.StateFolder, "tmp")), Is.Empty, $"{at}: the cut runs' temporary files are gone");
            if (command == "redrive")
            {
                Assert.That(File.ReadAllText(HandledList(lake)), Is.EqualTo(File.ReadAllText(HandledList(reference))), at);
                Assert.That(Directory.GetFiles(Path.Combine(lake, LakeFolder.StateFolder), "redrive-handled.txt.*.tmp"), Is.Empty, $"{at}: the cut runs' half-written handled lists are gone");
            }
        }
    }

    /// <summary>Starts a run and signals it once <paramref name="objects"/> objects are in the lake; false when it ended first.</summary>
    private bool RunAndCut(string command, string lake, string signal, int objects)
    {
        using Process process = Start(command, lake);
        var clock = Stopwatch.StartNew();
        while (!process.HasExited && (objects == 0 ? clock.ElapsedMilliseconds < 150 : Count(lake) < objects))
        {
            Thread.Sleep(2);
        }

        if (process.HasExited)
        {
            return false;
        }

        using (Process kill = Process.Start("kill", $"-{signal} {process.Id}"))
        {
            kill.WaitForExit();
        }

        process.WaitForExit();
        return true;
    }

    private Process Run(string command, string lake)
    {
        Process process = Start(command, lake);
        process.WaitForExit();
        return process;
    }

    private Process Start(string command, string lake)
    {
        string cli = Path.Combine(TestContext.CurrentContext.TestDirectory, "pipeslake-replay.dll");
        string[] args = command switch
        {
            "replay" => ["replay", Path.Combine(_root, "records.ndjson"), "--lake", lake, "--arrival", "2024-01-01T00:05:00Z"],
            "backfill" => ["backfill", Path.Combine(_root, "export"), "--lake", lake],
            _ => ["redrive", Path.Combine(_root, "errors"), "--lake", lake],
        };
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(cli);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static int Count(string lake) =>
        new[] { "data", "errors" }.Select(f => Path.Combine(lake, f)).Where(Directory.Exists)
            .Sum(f => Directory.EnumerateFiles(f, "*", SearchOption.AllDirectories).Count());

    /// <summary>Every line of every object, sorted: the multiset of what the lake holds. Reading checks each GZIP object whole.</summary>
    private static string[] Lines(string lake) => SampleErrorObjects.Lines(CommandLineTests.LakeObjectsOf(lake).Select(File.ReadAllBytes));

    private static string Query(string lake)
    {
        (int code, string output, _) = Cli.RunWithOutput("query", "select (select count(*) from orders_changes) as changes, (select count(*) from orders_errors) as errors, (select count(*) from orders_changes_current) as items", "--lake", lake, "--format", "csv", "--ignore-athena-rules");
        Assert.That(code, Is.Zero);

        return output;
    }

    private static string HandledList(string lake) => Path.Combine(lake, LakeFolder.StateFolder, "redrive-handled.txt");

    /// <summary>A DYNAMODB_JSON export whose items spread over eight sites and fifty minutes.</summary>
    private static void WriteExport(string folder, int items, int files)
    {
        foreach ((string relative, byte[] bytes) in SampleExport.Create(items, files))
        {
            string path = Path.Combine(folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
    }

    private static void WriteErrorObjects(string folder, int objects, int recordsEach)
    {
        foreach ((string relative, byte[] bytes) in SampleErrorObjects.Create(objects, recordsEach))
        {
            string path = Path.Combine(folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
    }
}
