using System.IO.Compression;
using System.Text;
using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Tests;

public sealed class ReplayRunnerTests
{
    private static readonly DateTimeOffset s_arrival = new(2024, 1, 1, 0, 5, 0, TimeSpan.Zero);

    private string _lake = null!;

    [SetUp]
    public void CreateLake() => _lake = Directory.CreateTempSubdirectory("pipeslake-replay-").FullName;

    [TearDown]
    public void RemoveLake() => Directory.Delete(_lake, recursive: true);

    [Test]
    public void CheckedInSample_GivesExactlyTheExpectedTree()
    {
        ReplaySummary summary = Replay(Dev());

        Assert.That(Tree(), Is.EqualTo(new[]
        {
            "1 data/orders/siteId=site-000/year=2023/month=12/day=31/hour=23/minute=59/pipeslake-dev-orders-1-2024-01-01-00-05-00-b1b8544c-3d80-bdc5-690c-280b869e7074",
            "15 data/orders/siteId=site-000/year=2024/month=01/day=01/hour=00/minute=00/pipeslake-dev-orders-1-2024-01-01-00-05-00-c441e0f5-556d-153e-7d46-a0b2455fa472",
            "7 data/orders/siteId=site-001/year=2024/month=01/day=01/hour=00/minute=00/pipeslake-dev-orders-1-2024-01-01-00-05-00-c5ec9968-6add-cb07-c0aa-e61de44a3be6",
            "2 errors/orders/processing-failed/year=2024/month=01/day=01/pipeslake-dev-orders-1-2024-01-01-00-05-00-e26d63e2-9951-fc65-9d52-4217ecac4c8e",
        }));
        Assert.That((summary.Read, summary.Delivered, summary.Failed, summary.FilteredOut), Is.EqualTo((26L, 23L, 2L, 0L)));
        Assert.That((summary.Partitions, summary.Objects, summary.Invocations), Is.EqualTo((3, 4, 1L)));
    }

    [Test]
    public void MalformedLine_IsReportedByLineAndTheRunGoesOn()
    {
        ReplaySummary summary = Replay(Dev());

        Assert.That(summary.MalformedLines, Is.EqualTo(new[] { 21L }));
        Assert.That(summary.Delivered, Is.EqualTo(23));
    }

    [Test]
    public void ProdStack_FiltersOutTheTtlDelete()
    {
        LakeSettings prod = Stacks.Read("prod", (SettingKeys.ExcludeTtlDeletes, "true"));

        ReplaySummary summary = Replay(prod);

        Assert.That((summary.FilteredOut, summary.Delivered), Is.EqualTo((1L, 22L)));
    }

    // event-ruler reads a record as a stream of name/value pairs: a repeated eventName offers the filter each of its
    // values, and the record passes when one of them does (EventPatternTests). The function then reads the last one.
    [TestCase("\"eventName\":\"INSERT\"", "\"eventName\":\"INSERT\",\"eventName\":\"REMOVE\"", 1L)]
    [TestCase("\"eventName\":\"INSERT\"", "\"eventName\":\"MODIFY\",\"eventName\":\"REMOVE\"", 0L)]
    public void ARepeatedFilterField_PassesWhenAnyOfItsValuesDoes(string original, string repeated, long passed)
    {
        LakeSettings insertsOnly = Stacks.Read("dev", (SettingKeys.EventNames, "INSERT"));
        string record = File.ReadLines(SamplePath()).First().Replace(original, repeated, StringComparison.Ordinal);
        string input = Path.Combine(_lake + "-input", "one.ndjson");
        Directory.CreateDirectory(Path.GetDirectoryName(input)!);
        File.WriteAllText(input, record + "\n");

        using var store = new LakeFolder(_lake);
        using var runner = new ReplayRunner(new ReplayOptions(insertsOnly, _lake) { Arrival = s_arrival, Gzip = false }, store);
        using FileStream stream = File.OpenRead(input);
        ReplaySummary summary = runner.Run(stream);
        Directory.Delete(Path.GetDirectoryName(input)!, recursive: true);

        Assert.That((summary.FilteredOut, summary.Delivered + summary.Failed), Is.EqualTo((1 - passed, passed)));
    }

    [Test]
    public void ObjectNames_AreTheHashOfPlaceInPartitionPrefixAndContent()
    {
        Replay(Dev());

        string prefix = "data/orders/siteId=site-001/year=2024/month=01/day=01/hour=00/minute=00/";
        string file = Directory.GetFiles(Path.Combine(_lake, prefix)).Single();
        byte[] content = File.ReadAllBytes(file);
        // The partition's first (and only) object: its place in the partition is 0, four little-endian bytes.
        byte[] digest = System.Security.Cryptography.SHA256.HashData([0, 0, 0, 0, .. Encoding.UTF8.GetBytes(prefix), .. content]);

        Assert.That(Path.GetFileName(file), Is.EqualTo($"pipeslake-dev-orders-1-2024-01-01-00-05-00-{new Guid(digest.AsSpan(0, 16))}"));
    }

    [Test]
    public void ARerun_FindsEveryObject_AndARewrittenDamagedOneIsReplaced()
    {
        Replay(Dev());
        string damaged = CommandLineTests.LakeObjectsOf(_lake).Order(StringComparer.Ordinal).First();
        File.WriteAllText(damaged, "{\"cut\":");

        ReplaySummary again = Replay(Dev());

        Assert.That((again.Objects, again.AlreadyThere, again.Repaired), Is.EqualTo((4, 3, 1)));
        Assert.That(Tree(), Has.Length.EqualTo(4));
        Assert.That(File.ReadAllText(damaged), Does.Not.Contain("cut"));
    }

    [Test]
    public void FailedRecords_LandAsFirehoseErrorRecordsWithTheOriginalData()
    {
        Replay(Dev());

        string[] errors = File.ReadAllLines(Directory.GetFiles(Path.Combine(_lake, "errors"), "*", SearchOption.AllDirectories).Single());

        Assert.That(errors, Has.Length.EqualTo(2));
        Assert.That(errors, Has.All.StartsWith("{\"attemptsMade\":1,\"arrivalTimestamp\":1704067500000,\"errorCode\":\"Lambda.ProcessingFailedStatus\""));
        Assert.That(errors[0], Does.Contain("(MissingSiteAttribute: the image has no site attribute)").And.Contain("\"rawData\":\"eyJwYXJ0aXRpb25pbmciOnsic2l0ZUF0dHJpYnV0ZSI"));
    }

    [Test]
    public void Gzip_WritesGzObjectsWithTheSameLines()
    {
        var options = new ReplayOptions(Dev(), _lake) { Arrival = s_arrival, Gzip = true };
        using (var store = new LakeFolder(_lake))
        using (var runner = new ReplayRunner(options, store))
        using (FileStream input = File.OpenRead(SamplePath()))
        {
            runner.Run(input);
        }

        string[] files = CommandLineTests.LakeObjectsOf(_lake);
        Assert.That(files, Has.All.EndsWith(".gz"));
        int lines = files.Sum(f =>
        {
            using var gzip = new GZipStream(File.OpenRead(f), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        });
        Assert.That(lines, Is.EqualTo(25));
    }

    [Test]
    public void SmallInvocations_GiveTheSameLines()
    {
        var options = new ReplayOptions(Dev(), _lake) { Arrival = s_arrival, BatchRecords = 3 };
        using var store = new LakeFolder(_lake);
        using var runner = new ReplayRunner(options, store);
        using FileStream input = File.OpenRead(SamplePath());

        ReplaySummary summary = runner.Run(input);

        Assert.That((summary.Invocations, summary.Delivered, summary.Failed), Is.EqualTo((9L, 23L, 2L)));
    }

    [Test]
    public void TransformCommand_AnswersTheFixtureAsTheFunctionWould()
    {
        byte[] request = File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "firehose-event.json"));
        using var output = new MemoryStream();

        FirehoseEventJson.Transform(request, PartitioningOptions.Default, output);

        string response = System.Text.Encoding.UTF8.GetString(output.ToArray());
        Assert.That(response, Does.StartWith("{\"records\":[{\"recordId\":\"49546986683135544286507457936321625675700192471156785154\",\"result\":\"Ok\",\"data\":\"eyJpZCI6Iml0ZW0tMSIs"));
        Assert.That(response, Does.Contain("\"metadata\":{\"partitionKeys\":{\"siteId\":\"site-a\",\"year\":\"2024\",\"month\":\"01\",\"day\":\"01\",\"hour\":\"00\",\"minute\":\"07\"}}"));
        Assert.That(response, Does.EndWith("\"result\":\"ProcessingFailed\",\"data\":\"eyJldmVudElkIjoieCIsImV2ZW50TmFtZSI6IklOU0VSVCI=\"}]}"));
    }

    [Test]
    public void Summary_RowsAddUpToTheRecordsRead_AfterACutRunAndItsRerun()
    {
        string sample = Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", "stream-records.ndjson");
        ReplaySummary Replay()
        {
            using var store = new LakeFolder(_lake);
            using var runner = new ReplayRunner(new ReplayOptions(Stacks.Read("dev"), _lake) { Arrival = s_arrival }, store);
            using FileStream input = File.OpenRead(sample);
            return runner.Run(input);
        }

        ReplaySummary first = Replay();
        // A run cut short had written some of the objects.
        File.Delete(CommandLineTests.LakeObjectsOf(_lake).Order(StringComparer.Ordinal).First());
        ReplaySummary rerun = Replay();

        // The sample (README): 26 read, 1 malformed, 23 delivered, 2 failed.
        Assert.That((first.Read, first.MalformedLines.Count, first.FilteredOut, first.Delivered, first.Failed), Is.EqualTo((26L, 1, 0L, 23L, 2L)));
        Assert.That((first.Accounted, rerun.Accounted, rerun.Read), Is.EqualTo((26L, 26L, 26L)));
        Assert.That(rerun.AlreadyThere, Is.EqualTo(first.Objects - 1));
    }

    // A MODIFY carries both images. With a 500,000-character attribute in each the pipe's record is about
    // 1,000,000 bytes and fits Firehose's 1,024,000 (1,000 KiB); with 512,000 the two images alone reach
    // 1,024,000, so the record is refused and the pipe sends its batch to the DLQ.
    [TestCase(500_000, 1L, 0L)]
    [TestCase(512_000, 0L, 1L)]
    public void RecordOverFirehosesLimit_IsBoundForTheDlqAndNeverInTheLake(int characters, long delivered, long tooLarge)
    {
        string image = $"{{\"id\":{{\"S\":\"item-1\"}},\"siteId\":{{\"S\":\"site-a\"}},\"createdAtTime\":{{\"N\":\"1704067620000\"}},\"blob\":{{\"S\":\"{new string('x', characters)}\"}}}}";
        string record = $"{{\"eventID\":\"e1\",\"eventName\":\"MODIFY\",\"eventSource\":\"aws:dynamodb\",\"dynamodb\":{{\"ApproximateCreationDateTime\":1704067620,\"Keys\":{{\"id\":{{\"S\":\"item-1\"}}}},\"NewImage\":{image},\"OldImage\":{image},\"SequenceNumber\":\"111\",\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}}}}";
        // The record names no table (no eventSourceARN): the stack's one table takes it.
        using var store = new LakeFolder(_lake);
        using var runner = new ReplayRunner(new ReplayOptions(Stacks.Read("dev"), _lake) { Arrival = s_arrival, Gzip = false }, store);

        ReplaySummary summary = runner.Run(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(record + "\n")));

        Assert.That((summary.Read, summary.Delivered, (long)summary.TooLargeForFirehose.Count, summary.Failed), Is.EqualTo((1L, delivered, tooLarge, 0L)));
        Assert.That(summary.TooLargeForFirehose, Is.EqualTo(tooLarge == 1 ? new[] { 1L } : Array.Empty<long>()), "listed by its line");
        Assert.That(Directory.Exists(Path.Combine(_lake, "data", "orders")), Is.EqualTo(delivered == 1));
    }

    // Every record arrives in the same 60 s interval (ApproximateCreationDateTime 1704067620) but belongs to
    // an item of its own minute: N records open N partitions at once. Firehose allows 500.
    [TestCase(500, 500, 0)]
    [TestCase(501, 501, 1)]
    public void ActivePartitions_AreCountedPerBufferIntervalAgainstFirehosesQuota(int records, int expectedMax, int overQuota)
    {
        var input = new System.Text.StringBuilder();
        for (int i = 0; i < records; i++)
        {
            long created = 1_704_067_620_000L - (i * 60_000L);
            input.Append(System.Globalization.CultureInfo.InvariantCulture, $"{{\"eventID\":\"e{i}\",\"eventName\":\"MODIFY\",\"eventSource\":\"aws:dynamodb\",\"dynamodb\":{{\"ApproximateCreationDateTime\":1704067620,\"Keys\":{{\"id\":{{\"S\":\"item-{i}\"}}}},\"NewImage\":{{\"id\":{{\"S\":\"item-{i}\"}},\"siteId\":{{\"S\":\"site-a\"}},\"createdAtTime\":{{\"N\":\"{created}\"}}}},\"SequenceNumber\":\"{i + 1}\",\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}}}}\n");
        }

        using var store = new LakeFolder(_lake);
        using var runner = new ReplayRunner(new ReplayOptions(Stacks.Read("dev"), _lake) { Arrival = s_arrival, Gzip = false }, store);
        ReplaySummary summary = runner.Run(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(input.ToString())));

        Assert.That((summary.Delivered, summary.MaxActivePartitions, summary.WindowsOverActivePartitionQuota), Is.EqualTo(((long)records, expectedMax, overQuota)));
    }

    [Test]
    public void CheckedInSample_OpensFewPartitionsPerInterval()
    {
        // 23 delivered changes: site-000 and site-001 in minute 00:00, site-000 in 23:59 of the day before.
        Assert.That(Replay(Dev()).MaxActivePartitions, Is.EqualTo(3));
    }

    private static LakeSettings Dev() => SettingsReader.Defaults("dev", "eu-west-1");

    private static string SamplePath() => Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", "stream-records.ndjson");

    private ReplaySummary Replay(LakeSettings settings)
    {
        using var store = new LakeFolder(_lake);
        using var runner = new ReplayRunner(new ReplayOptions(settings, _lake) { Arrival = s_arrival, Gzip = false }, store);
        using FileStream input = File.OpenRead(SamplePath());
        return runner.Run(input);
    }

    /// <summary>"lines path" of every object, in path order.</summary>
    private string[] Tree() => CommandLineTests.LakeObjectsOf(_lake)
        .Select(f => (Path: Path.GetRelativePath(_lake, f).Replace('\\', '/'), Lines: File.ReadAllLines(f).Length))
        .OrderBy(o => o.Path, StringComparer.Ordinal)
        .Select(o => $"{o.Lines} {o.Path}")
        .ToArray();
}
