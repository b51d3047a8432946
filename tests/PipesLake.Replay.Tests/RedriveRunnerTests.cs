using System.IO.Compression;
using System.Text;
using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Tests;

/// <summary>
/// Error objects in the two shapes Firehose writes (Firehose Developer Guide, "Data transformation failure
/// handling" and "Handle errors" for dynamic partitioning): <c>rawData</c> is the pipe's record when the
/// function failed it, or the function's lake line when Firehose could not deliver it.
/// </summary>
public sealed class RedriveRunnerTests
{
    // The pipe's record for item-1 at site-a, created 2024-01-01T00:07:00Z (1704067620000), changed 2016-11-18T20:09:00Z.
    private const string Contract =
        """{"eventId":"e1","eventName":"INSERT","dynamodb":{"ApproximateCreationDateTime":1479499740,"Keys":{"id":{"S":"item-1"}},"NewImage":{"id":{"S":"item-1"},"siteId":{"S":"site-a"},"createdAtTime":{"N":"1704067620000"}},"SequenceNumber":"111","StreamViewType":"NEW_AND_OLD_IMAGES"}}""";

    private const string Line =
        """{"id":"item-1","siteId":"site-a","createdAtTime":1704067620000,"_op":"I","_eventId":"e1","_seq":"111","_ts":"2016-11-18T20:09:00Z"}""";

    private const string ItemPrefix = "data/orders/siteId=site-a/year=2024/month=01/day=01/hour=00/minute=07/";

    private string _root = null!;
    private string _errors = null!;
    private string _lake = null!;

    [SetUp]
    public void CreateFolders()
    {
        _root = Directory.CreateTempSubdirectory("pipeslake-redrive-").FullName;
        _errors = Directory.CreateDirectory(Path.Combine(_root, "errors")).FullName;
        _lake = Path.Combine(_root, "lake");
    }

    [TearDown]
    public void RemoveFolders() => Directory.Delete(_root, recursive: true);

    [Test]
    public void PipeRecord_TheFunctionFailed_GoesThroughTheFunctionIntoData()
    {
        Write("processing-failed/year=2024/month=01/day=02/a", ProcessingFailed(Contract));

        RedriveSummary summary = Redrive();

        Assert.That((summary.Records, summary.Redriven, summary.FailedAgain, summary.ObjectsWritten), Is.EqualTo((1, 1, 0, 1)));
        Assert.That(Lines(ItemPrefix), Is.EqualTo(new[] { Line }));
    }

    [Test]
    public void LakeLine_FirehoseCouldNotDeliver_IsWrittenUnchangedUnderItsPartition()
    {
        Write("DynamicPartitioning.ActivePartitionsLimitExceeded/year=2024/month=01/day=02/a", PartitionError(Line + "\n"));

        RedriveSummary summary = Redrive();

        Assert.That((summary.Redriven, summary.FailedAgain), Is.EqualTo((1, 0)));
        Assert.That(Lines(ItemPrefix), Is.EqualTo(new[] { Line }));
    }

    [Test]
    public void ChangeTime_PartitionsBothShapesByTheChange()
    {
        Write("a", ProcessingFailed(Contract) + PartitionError(Line));

        RedriveSummary summary = Redrive(StackWith((SettingKeys.PartitionTime, "change")));

        Assert.That(summary.Redriven, Is.EqualTo(2));
        Assert.That(Lines("data/orders/siteId=site-a/year=2016/month=11/day=18/hour=20/minute=09/"), Is.EqualTo(new[] { Line, Line }));
    }

    [Test]
    public void ObjectsAreReadPlainOrGzip_WhateverTheirNamesSay()
    {
        Write("plain.gz", ProcessingFailed(Contract));
        Write("compressed", ProcessingFailed(Contract.Replace("item-1", "item-2", StringComparison.Ordinal)), gzip: true);

        RedriveSummary summary = Redrive();

        Assert.That((summary.ErrorObjects, summary.Redriven), Is.EqualTo((2, 2)));
    }

    [Test]
    public void ARecordThatFailsAgain_GoesUnderErrorsWithItsReason_NeverData()
    {
        string noSite = Contract.Replace("\"siteId\":{\"S\":\"site-a\"},", string.Empty, StringComparison.Ordinal);
        Write("a", ProcessingFailed(noSite));

        RedriveSummary summary = Redrive();

        Assert.That(summary.FailedAgainByReason, Is.EqualTo(new Dictionary<RecordFailure, long> { [RecordFailure.MissingSiteAttribute] = 1 }));
        Assert.That(Directory.Exists(Path.Combine(_lake, "data")), Is.False);
        string[] failed = Lines("errors/orders/processing-failed/year=2024/month=01/day=01/");
        Assert.That(failed, Has.Length.EqualTo(1));
        Assert.That(failed[0], Does.Contain("\"errorMessage\":\"ProcessingFailed status returned from Lambda function (MissingSiteAttribute: the image has no site attribute)\""));
        Assert.That(failed[0], Does.Contain($"\"rawData\":\"{Base64(noSite)}\""));
    }

    [Test]
    public void ASecondRun_WritesNothing_EvenOverItsOwnErrorOutput()
    {
        string noSite = Contract.Replace("\"siteId\":{\"S\":\"site-a\"},", string.Empty, StringComparison.Ordinal);
        Write("a", ProcessingFailed(Contract) + ProcessingFailed(noSite));
        RedriveSummary first = Redrive();

        // The user syncs the lake's errors/, the redrive's own output included, down again and reruns.
        CopyFolder(Path.Combine(_lake, "errors"), _errors);
        RedriveSummary second = Redrive();

        Assert.That((first.ObjectsWritten, first.Redriven, first.FailedAgain), Is.EqualTo((2, 1, 1)));
        // Each record is counted once: the one in data/ as found there, the two that fail (again) as failed again.
        Assert.That((second.ObjectsWritten, second.Redriven, second.AlreadyWritten, second.FailedAgain), Is.EqualTo((0, 0, 1, 2)));
        Assert.That(second.Accounted, Is.EqualTo(second.Records).And.EqualTo(3));
        Assert.That(CommandLineTests.LakeObjectsOf(_lake), Has.Length.EqualTo(2));
    }

    [Test]
    public void ARerunWithTheOtherCompression_FindsWhatTheFirstWrote()
    {
        Write("a", ProcessingFailed(Contract));
        Redrive();

        var options = new RedriveOptions(SettingsReader.Defaults("prod", "eu-west-1"), _lake) { Gzip = true };
        RedriveSummary again = Run(options, new DirectoryInfo(_errors));

        Assert.That((again.ObjectsWritten, again.AlreadyWritten), Is.EqualTo((0, 1L)));
        Assert.That(CommandLineTests.LakeObjectsOf(_lake), Has.Length.EqualTo(1));
    }

    [Test]
    public void AnObjectWithLinesThatAreNotErrorRecords_IsLeftWhole_NothingOfItWritten()
    {
        Write("a", "not json\n{\"errorCode\":\"x\"}\n" + ProcessingFailed(Contract));
        Write("b", ProcessingFailed(Contract.Replace("item-1", "item-2", StringComparison.Ordinal)));

        RedriveSummary summary = Redrive();

        Assert.That(summary.MalformedLines, Is.EqualTo(new[] { "orders/a:1", "orders/a:2" }));
        Assert.That(summary.Redriven, Is.EqualTo(1));
        Assert.That(_handled, Is.EqualTo(new[] { "orders/b" }));
        Assert.That(summary.Handled, Is.EqualTo(1));
        Assert.That(summary.Left, Is.EqualTo(new[] { "orders/a (lines that are not error records)" }));
    }

    [Test]
    public void AGzipObjectCutShort_IsLeftAsUnreadable_EvenWhenCutAtALineEnd()
    {
        string records = string.Concat(Enumerable.Range(0, 300).Select(i => ProcessingFailed(Contract.Replace("item-1", $"item-{i}", StringComparison.Ordinal))));
        Write("cut", records, gzip: true);
        string path = Path.Combine(_errors, "orders", "cut");
        byte[] whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..^8]);

        RedriveSummary summary = Redrive();

        Assert.That((summary.Redriven, summary.Handled), Is.EqualTo((0L, 0)));
        Assert.That(summary.Left, Is.EqualTo(new[] { $"orders/cut (unreadable: '{path}' is not a complete GZIP file: its content does not match its trailer.)" }));
    }

    [Test]
    public void RedrivingTheLakesOwnErrors_NeverCountsARecordTwice()
    {
        string noSite = Contract.Replace("\"siteId\":{\"S\":\"site-a\"},", string.Empty, StringComparison.Ordinal);
        string own = Path.Combine(_lake, "errors", "orders", "processing-failed", "year=2024", "month=01", "day=01");
        Directory.CreateDirectory(own);
        File.WriteAllText(Path.Combine(own, "pipeslake-dev-orders-1-2024-01-01-00-00-00-x"), ProcessingFailed(noSite) + ProcessingFailed(Contract));

        var options = new RedriveOptions(SettingsReader.Defaults("dev", "eu-west-1"), _lake) { Gzip = false };
        var folder = new DirectoryInfo(Path.Combine(_lake, "errors"));
        RedriveSummary summary = Run(options, folder);

        Assert.That((summary.Redriven, summary.FailedAgain, summary.Handled), Is.EqualTo((1L, 1L, 0)));
        Assert.That(Directory.GetFiles(Path.Combine(_lake, "errors"), "*", SearchOption.AllDirectories), Has.Length.EqualTo(1));
        Assert.That(Lines(ItemPrefix), Is.EqualTo(new[] { Line }));
    }

    [Test]
    public void Summary_RowsAddUpToTheRecordsRead_AfterACutRunAndItsRerun()
    {
        // Eight objects of 25 records (8 of the 200 fail again), one object with a line that is not an error record, one
        // GZIP object without its trailer (its two records read, then found incomplete): the last two are left whole.
        foreach ((string relative, byte[] bytes) in SampleErrorObjects.Create(8, 25))
        {
            using var plain = new StreamReader(LakeFolder.OpenRead(new MemoryStream(bytes)));
            Write(relative["orders/".Length..], plain.ReadToEnd());
        }

        Write("processing-failed/year=2024/month=01/day=01/damaged", ProcessingFailed(Contract) + "not an error record\n" + ProcessingFailed(Contract));
        using (var cut = new MemoryStream())
        {
            using (var gzip = new GZipStream(cut, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(Encoding.UTF8.GetBytes(ProcessingFailed(Contract) + ProcessingFailed(Contract)));
            }

            Directory.CreateDirectory(Path.Combine(_errors, "orders", "processing-failed", "year=2024", "month=01", "day=02"));
            File.WriteAllBytes(Path.Combine(_errors, "orders", "processing-failed", "year=2024", "month=01", "day=02", "cut"), cut.ToArray()[..^8]);
        }

        // The cut run: the first four objects only (what a run killed halfway had written).
        string[] all = [.. Directory.GetFiles(_errors, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
        string firstHalf = Directory.CreateDirectory(Path.Combine(_root, "first-half")).FullName;
        foreach (string file in all.Where(f => f.Contains("pipeslake-dev-orders", StringComparison.Ordinal)).Take(4))
        {
            string to = Path.Combine(firstHalf, Path.GetRelativePath(_errors, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        var options = new RedriveOptions(SettingsReader.Defaults("dev", "eu-west-1"), _lake) { Gzip = false };
        RedriveSummary halfway = Run(options, new DirectoryInfo(firstHalf));
        RedriveSummary rerun = Run(options, new DirectoryInfo(_errors));

        Assert.That((halfway.Records, halfway.Accounted), Is.EqualTo((100L, 100L)));
        Assert.That(rerun.Records, Is.EqualTo(200 + 3 + 2));
        Assert.That(rerun.Accounted, Is.EqualTo(rerun.Records), "every record in one row");
        // The cut run's 96 redriven records are found; its 4 failed again are failed again (once), not also found.
        Assert.That((rerun.AlreadyWritten, rerun.Redriven, rerun.FailedAgain), Is.EqualTo((96L, 96L, 8L)));
        Assert.That((rerun.MalformedLines.Count, rerun.Unused), Is.EqualTo((1, 4L)), "the damaged object's two records and the cut one's two are unused");
    }

    // An incident leaves many small error objects; their lines are gathered into batches, so the lake gets one object a
    // partition a batch, as a replay of the same records would, not one a partition per error object.
    [Test]
    public void ManySmallErrorObjects_MakeOneObjectAPartition()
    {
        // 60 objects of 5 records, each record at one of 3 sites in minute 00:07: 300 lines into 3 partitions.
        for (int o = 0; o < 60; o++)
        {
            Write($"processing-failed/year=2024/month=01/day=01/o{o:D2}", string.Concat(Enumerable.Range(0, 5).Select(r =>
                ProcessingFailed(Contract.Replace("item-1", $"item-{o}-{r}", StringComparison.Ordinal).Replace("site-a", $"site-{r % 3}", StringComparison.Ordinal)))));
        }

        RedriveSummary summary = Redrive();

        Assert.That((summary.ErrorObjects, summary.Redriven, summary.Partitions, summary.ObjectsWritten, summary.Handled), Is.EqualTo((60, 300L, 3, 3, 60)));
    }

    // A run cut short in a batch (here: the store fails after two of its partitions are written) is rerun with the same
    // batch, whose objects it finds; a run cut after the batch's marker takes the batch's lines as written. Either way the
    // lake holds each line once, as an uninterrupted run's.
    [TestCase(2)]
    [TestCase(4)]
    public void ARunCutShortInABatch_IsFinishedByItsRerun_EachLineOnce(int putsBeforeTheCut)
    {
        for (int o = 0; o < 40; o++)
        {
            Write($"processing-failed/year=2024/month=01/day=01/o{o:D2}", string.Concat(Enumerable.Range(0, 3).Select(r =>
                ProcessingFailed(Contract.Replace("item-1", $"item-{o}-{r}", StringComparison.Ordinal).Replace("site-a", $"site-{r}", StringComparison.Ordinal)))));
        }

        var options = new RedriveOptions(SettingsReader.Defaults("dev", "eu-west-1"), _lake) { Gzip = false };
        // Batches of about 20 objects' lines (3 partitions each): the cut comes in the first batch, or in the second.
        long batch = 20 * 3 * Line.Length;
        using (var store = new LakeFolder(_lake))
        {
            var runner = new RedriveRunner(options, new FailingStore(store, putsBeforeTheCut)) { BatchBytes = batch };
            Assert.That(() => runner.Run(ErrorObject.InFolder(new DirectoryInfo(_errors), _lake)), Throws.TypeOf<IOException>());
        }

        RedriveSummary rerun;
        using (var store = new LakeFolder(_lake))
        {
            rerun = new RedriveRunner(options, store) { BatchBytes = batch }.Run(ErrorObject.InFolder(new DirectoryInfo(_errors), _lake));
        }

        string[] lines = [.. Directory.GetFiles(Path.Combine(_lake, "data"), "*", SearchOption.AllDirectories).SelectMany(File.ReadAllLines)];
        Assert.That(lines, Has.Length.EqualTo(120));
        Assert.That(lines.Distinct(), Has.Exactly(120).Items);
        Assert.That(rerun.Redriven + rerun.AlreadyWritten, Is.EqualTo(120));
        Assert.That(rerun.Handled, Is.EqualTo(40));
    }

    /// <summary>A lake store that fails on its puts after the first few: a run cut short mid-batch.</summary>
    private sealed class FailingStore(IObjectStore inner, int puts) : IObjectStore
    {
        private int _left = puts;

        public string TempFolder => inner.TempFolder;

        public int Writers => 1;

        public (LakeWrite Outcome, long Bytes) Put(string key, Stream content, bool gzip, string? identity = null) =>
            Interlocked.Decrement(ref _left) >= 0 ? inner.Put(key, content, gzip, identity) : throw new IOException("cut");

        public void Flush() => inner.Flush();

        public byte[]? ReadState(string key) => inner.ReadState(key);

        public void PutState(string key, byte[] content) => inner.PutState(key, content);

        public IEnumerable<string> StateKeys(string prefix) => inner.StateKeys(prefix);

        public IDisposable Hold(string key) => inner.Hold(key);
    }

    private RedriveSummary Redrive(LakeSettings? settings = null)
    {
        var options = new RedriveOptions(settings ?? SettingsReader.Defaults("dev", "eu-west-1"), _lake) { Gzip = false };
        return Run(options, new DirectoryInfo(_errors));
    }

    private RedriveSummary Run(RedriveOptions options, DirectoryInfo errors)
    {
        using var store = new LakeFolder(_lake);
        _handled.Clear();
        return new RedriveRunner(options, store).Run(ErrorObject.InFolder(errors, _lake), Handled);
    }

    /// <summary>The objects the last run handled, in the order it handled them.</summary>
    private readonly List<string> _handled = [];

    private void Handled(ErrorObject item, bool handled)
    {
        if (handled)
        {
            _handled.Add(item.Relative);
        }
    }

    private static LakeSettings StackWith((string Key, string Value) setting) => Stacks.Read("dev", setting);

    private static string ProcessingFailed(string record) =>
        $"{{\"attemptsMade\":4,\"arrivalTimestamp\":1704067200000,\"errorCode\":\"Lambda.ProcessingFailedStatus\",\"errorMessage\":\"x\",\"attemptEndingTimestamp\":1704067260000,\"rawData\":\"{Base64(record)}\",\"lambdaArn\":\"arn:aws:lambda:eu-west-1:123456789012:function:pipeslake-dev-partitioner:$LATEST\"}}\n";

    private static string PartitionError(string line) =>
        $"{{\"attemptsMade\":0,\"arrivalTimestamp\":1704067200000,\"errorCode\":\"DynamicPartitioning.ActivePartitionsLimitExceeded\",\"errorMessage\":\"x\",\"partitionKeys\":{{\"siteId\":\"site-a\"}},\"rawData\":\"{Base64(line)}\"}}\n";

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>Writes an error object of the table orders, as aws s3 sync brings the lake's errors/ down.</summary>
    private void Write(string relative, string content, bool gzip = false)
    {
        string path = Path.Combine(_errors, "orders", relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using FileStream file = File.Create(path);
        using Stream output = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        output.Write(Encoding.UTF8.GetBytes(content));
    }

    private string[] Lines(string prefix) =>
        [.. Directory.GetFiles(Path.Combine(_lake, prefix)).Order(StringComparer.Ordinal).SelectMany(File.ReadAllLines)];

    private static void CopyFolder(string from, string to)
    {
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
