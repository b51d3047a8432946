using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using PipesLake.Blueprint;
using PipesLake.Sampling;

namespace PipesLake.Replay.Tests;

/// <summary>
/// The scale issue's guarantees: the same lake, name for name and byte for byte, from one worker or four, with the
/// lines held in memory or spilled to sorted runs on disk; and one object per partition whatever order the input
/// holds its records in.
/// </summary>
public sealed class ScaleTests
{
    private static readonly DateTimeOffset s_arrival = new(2024, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly LakeSettings _settings = SettingsReader.Defaults("dev", "eu-west-1");
    private string _root = null!;

    [SetUp]
    public void CreateRoot() => _root = Directory.CreateTempSubdirectory("pipeslake-scale-").FullName;

    [TearDown]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    [Test]
    public void Replay_WritesTheSameLake_FromOneWorkerOrFour_InMemoryOrSpilled()
    {
        string input = Path.Combine(_root, "stream.ndjson");
        using (FileStream file = File.Create(input))
        {
            SampleCommand.Write(new SampleGenerator(sites: 8, seed: 3, malformedEvery: 50), 20_000, file);
        }

        ReplaySummary Run(string lake, int threads, long memory)
        {
            using var store = new LakeFolder(Path.Combine(_root, lake));
            using var runner = new ReplayRunner(new ReplayOptions(_settings, Path.Combine(_root, lake)) { Arrival = s_arrival, Threads = threads, SortMemoryBytes = memory, BatchRecords = 700 }, store);
            using FileStream stream = File.OpenRead(input);
            return runner.Run(stream);
        }

        ReplaySummary one = Run("one", 1, 64L << 20);
        ReplaySummary four = Run("four", 4, 64L << 10);

        Assert.That(four.SortedRuns, Is.GreaterThan(10), "the small memory made it spill");
        Assert.That(one.SortedRuns, Is.Zero);
        Assert.That(Tree("four"), Is.EqualTo(Tree("one")));
        Assert.That((four.Delivered, four.Failed, four.Objects, four.Partitions), Is.EqualTo((one.Delivered, one.Failed, one.Objects, one.Partitions)));
        // One record in fifty is bad for the function (sample's malformedEvery): 400 of 20,000 go under errors/.
        Assert.That((one.Delivered, one.Failed), Is.EqualTo((19_600L, 400L)));
        Assert.That(one.Objects, Is.EqualTo(one.Partitions + 1), "one object a partition, and one error object");
    }

    [Test]
    public void Backfill_OfAShuffledExport_WritesOneObjectAPartition_TheSameFromOneWorkerOrFour()
    {
        string export = Path.Combine(_root, "export");
        SampleFiles.WriteExport(new SampleGenerator(sites: 8, seed: 4, malformedEvery: 0), 20_000, export, seed: 4, itemsPerFile: 2_500);

        BackfillSummary Run(string lake, int threads, long memory)
        {
            using var store = new LakeFolder(Path.Combine(_root, lake));
            using var runner = new BackfillRunner(ExportManifest.Read(new FolderExport(new DirectoryInfo(export))), _settings, store, gzip: true)
            {
                Threads = threads,
                SortMemoryBytes = memory,
            };
            return runner.Run();
        }

        BackfillSummary one = Run("one", 1, 64L << 20);
        BackfillSummary four = Run("four", 4, 64L << 10);

        Assert.That(Tree("four"), Is.EqualTo(Tree("one")));
        Assert.That(four.SortedRuns, Is.GreaterThan(1), "the small memory made it spill");
        // Every (site, minute) of the export's items, counted from the items themselves, is one partition and one object.
        int partitions = ExportItems(export).Select(item => (item.Site, item.Minute)).Distinct().Count();
        Assert.That((one.Items, one.Delivered, one.Partitions, one.Objects), Is.EqualTo((20_000L, 20_000L, partitions, partitions)));
        Assert.That(Lines("one"), Has.Length.EqualTo(20_000));
    }

    [Test]
    public void Redrive_WritesTheSameLake_AndHandledList_FromOneWorkerOrFour()
    {
        string errors = Path.Combine(_root, "errors");
        SampleFiles.WriteErrorObjects(new SampleGenerator(sites: 8, seed: 5, malformedEvery: 40), 12_000, errors, recordsEach: 500);

        (RedriveSummary Summary, List<string> Handled) Run(string lake, int threads)
        {
            using var store = new LakeFolder(Path.Combine(_root, lake));
            var runner = new RedriveRunner(new RedriveOptions(_settings, Path.Combine(_root, lake)), store) { Threads = threads };
            var handled = new List<string>();
            RedriveSummary summary = runner.Run(ErrorObject.InFolder(new DirectoryInfo(errors), Path.Combine(_root, lake)), (item, done) =>
            {
                if (done)
                {
                    handled.Add(item.Relative);
                }
            });
            return (summary, handled);
        }

        (RedriveSummary one, List<string> oneHandled) = Run("one", 1);
        (RedriveSummary four, List<string> fourHandled) = Run("four", 4);

        Assert.That(Tree("four"), Is.EqualTo(Tree("one")));
        Assert.That(fourHandled, Is.EqualTo(oneHandled));
        Assert.That(oneHandled, Has.Count.EqualTo(24));
        Assert.That(one.Handled, Is.EqualTo(24));
        // One record in forty fails again: 300 of 12,000, back under errors/ with their reason.
        Assert.That((one.Records, one.Redriven, one.FailedAgain), Is.EqualTo((12_000L, 11_700L, 300L)));
    }

    /// <summary>Every object of a lake: its path and bytes (decompressed), in path order.</summary>
    private string[] Tree(string lake)
    {
        string root = Path.Combine(_root, lake);
        return [.. new[] { "data", "errors" }
            .Select(f => Path.Combine(root, f))
            .Where(Directory.Exists)
            .SelectMany(f => Directory.GetFiles(f, "*", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(root, f)} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}")];
    }

    private string[] Lines(string lake) =>
        SampleErrorObjects.Lines(Directory.GetFiles(Path.Combine(_root, lake, "data"), "*", SearchOption.AllDirectories).Select(File.ReadAllBytes));

    private static IEnumerable<(string Site, long Minute)> ExportItems(string export)
    {
        foreach (string file in Directory.GetFiles(Path.Combine(export, "data")))
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress));
            while (reader.ReadLine() is { Length: > 0 } line)
            {
                using JsonDocument item = JsonDocument.Parse(line);
                JsonElement image = item.RootElement.GetProperty("Item");
                long created = long.Parse(image.GetProperty("createdAtTime").GetProperty("N").GetString()!, CultureInfo.InvariantCulture);
                yield return (image.GetProperty("siteId").GetProperty("S").GetString()!, created / 60_000);
            }
        }
    }
}
