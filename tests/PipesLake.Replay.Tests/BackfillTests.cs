using System.Text;
using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Tests;

/// <summary>A DynamoDB export, laid out as `aws s3 sync` brings it down, backfilled into a lake.</summary>
public sealed class BackfillTests
{
    private const string ExportArn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/export/01700000000000-abcdef12";

    private string _root = null!;
    private string _export = null!;
    private string _lake = null!;

    [SetUp]
    public void CreateFolders()
    {
        _root = Directory.CreateTempSubdirectory("pipeslake-backfill-").FullName;
        _export = Directory.CreateDirectory(Path.Combine(_root, "export")).FullName;
        _lake = Path.Combine(_root, "lake");
    }

    [TearDown]
    public void RemoveFolders() => Directory.Delete(_root, recursive: true);

    [Test]
    public void Items_BecomeLakeLinesAsOfTheExport_AndBadOnesGoToErrors()
    {
        WriteExport(
            "exportTime\":\"2024-02-01T12:00:00.000Z",
            Item("item-1", "site-a", "pump"),
            Item("item-2", "site-b", "fan"),
            "{\"Item\":{\"id\":{\"S\":\"item-3\"},\"createdAtTime\":{\"N\":\"1704067620000\"}}}",
            "not json");

        BackfillSummary summary = Backfill();

        Assert.That((summary.Items, summary.Delivered, summary.Failed, summary.Partitions), Is.EqualTo((4L, 2L, 1L, 2)));
        Assert.That(summary.FailedByReason, Is.EqualTo(new Dictionary<RecordFailure, long> { [RecordFailure.MissingSiteAttribute] = 1 }));
        Assert.That(summary.MalformedLines, Is.EqualTo(new[] { "part-0.json.gz:4" }));
        Assert.That(Lines("data/orders/siteId=site-a/year=2024/month=01/day=01/hour=00/minute=07"), Is.EqualTo(new[]
        {
            "{\"id\":\"item-1\",\"siteId\":\"site-a\",\"createdAtTime\":1704067620000,\"name\":\"pump\",\"_op\":\"I\",\"_eventId\":\"export-01700000000000-abcdef12\",\"_seq\":\"0\",\"_ts\":\"2024-02-01T12:00:00Z\"}",
        }));
        Assert.That(Directory.GetFiles(Path.Combine(_lake, "errors", "orders", "processing-failed", "year=2024", "month=02", "day=01")), Has.Length.EqualTo(1));
        Assert.That(Directory.GetFiles(Path.Combine(_lake, "data"), "*", SearchOption.AllDirectories), Has.All.Contains("pipeslake-dev-orders-1-2024-02-01-12-00-00-"));
    }

    [Test]
    public void ALiveChangeOfTheSameItem_WinsInChangesCurrent()
    {
        WriteExport("exportTime\":\"2024-02-01T12:00:00.000Z", Item("item-1", "site-a", "from-export"), Item("item-2", "site-a", "only-in-export"));
        Backfill();
        // The pipe, started before the export, delivered a change of item-1 made before the export ran.
        string live = "{\"eventID\":\"e1\",\"eventName\":\"MODIFY\",\"eventSource\":\"aws:dynamodb\",\"dynamodb\":{\"ApproximateCreationDateTime\":1706788000,\"Keys\":{\"id\":{\"S\":\"item-1\"}},"
            + "\"NewImage\":{\"id\":{\"S\":\"item-1\"},\"siteId\":{\"S\":\"site-a\"},\"createdAtTime\":{\"N\":\"1704067620000\"},\"name\":{\"S\":\"live\"}},\"SequenceNumber\":\"4000000000000000000001\",\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}}";
        using (var store = new LakeFolder(_lake))
        using (var runner = new ReplayRunner(new ReplayOptions(Settings(), _lake) { Gzip = false }, store))
        {
            runner.Run(new MemoryStream(Encoding.UTF8.GetBytes(live)));
        }

        using var lake = new LocalLake(_lake, Settings());
        Assert.That(lake.Query("select id, name, \"_op\", \"_seq\" from orders_changes_current order by id", QueryCommand.Csv), Is.EqualTo(
            "id,name,_op,_seq\r\nitem-1,live,U,4000000000000000000001\r\nitem-2,only-in-export,I,0\r\n"));
    }

    [TestCase("{\"exportArn\":\"" + ExportArn + "\",\"exportTime\":\"2024-02-01T12:00:00Z\",\"outputFormat\":\"ION\"}", "pipeslake-replay: the export is ION; backfill reads DYNAMODB_JSON exports.")]
    [TestCase(null, "pipeslake-replay: cannot read the export 'EXPORT': no manifest-summary.json.")]
    public void AnExportItCannotRead_ExitsTwoWithOneLine(string? summary, string message)
    {
        if (summary is not null)
        {
            File.WriteAllText(Path.Combine(_export, "manifest-summary.json"), summary);
        }

        Assert.That(Cli.Run("backfill", _export, "--lake", _lake), Is.EqualTo((2, message.Replace("EXPORT", _export, StringComparison.Ordinal))));
    }

    [Test]
    public void ATruncatedDataFile_ExitsTwoNamingItsMd5_AndWritesNothing()
    {
        WriteExport("exportTime\":\"2024-02-01T12:00:00Z", [.. Enumerable.Range(0, 200).Select(i => Item($"item-{i}", "site-a", "pump"))]);
        string file = Path.Combine(_export, "data", "part-0.json.gz");
        byte[] whole = File.ReadAllBytes(file);
        File.WriteAllBytes(file, whole[..(whole.Length / 2)]);

        (int code, string errors) = Cli.Run("backfill", _export, "--lake", _lake);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(errors, Does.Match(@"^pipeslake-replay: the export's data file 'part-0\.json\.gz' has MD5 \S+, manifest-files\.json says \S+: the file is damaged or incomplete\.$"));
        Assert.That(Directory.Exists(Path.Combine(_lake, "data")), Is.False);
    }

    [Test]
    public void AnAlteredByte_ExitsTwoNamingTheFile()
    {
        WriteExport("exportTime\":\"2024-02-01T12:00:00Z", Item("item-1", "site-a", "pump"));
        string file = Path.Combine(_export, "data", "part-0.json.gz");
        byte[] bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(file, bytes);

        Assert.That(Cli.Run("backfill", _export, "--lake", _lake).Errors, Does.StartWith("pipeslake-replay: the export's data file 'part-0.json.gz' has MD5 "));
    }

    [Test]
    public void AMissingDataFile_ExitsTwoNamingIt()
    {
        WriteExport("exportTime\":\"2024-02-01T12:00:00Z", Item("item-1", "site-a", "pump"));
        File.Delete(Path.Combine(_export, "data", "part-0.json.gz"));

        Assert.That(Cli.Run("backfill", _export, "--lake", _lake), Is.EqualTo((2, $"pipeslake-replay: the export's data file 'part-0.json.gz' is missing from {Path.Combine(_export, "data")}.")));
    }

    [Test]
    public void AnEmptyFileList_ExitsTwo_SinceTheSummaryCountsItems()
    {
        WriteExport("exportTime\":\"2024-02-01T12:00:00Z", Item("item-1", "site-a", "pump"), Item("item-2", "site-a", "fan"));
        File.WriteAllText(Path.Combine(_export, "manifest-files.json"), string.Empty);

        Assert.That(Cli.Run("backfill", _export, "--lake", _lake), Is.EqualTo((2, "pipeslake-replay: manifest-files.json lists 0 items in 0 data file(s), manifest-summary.json says 2: the export is incomplete.")));
    }

    [Test]
    public void AFileWithOtherItemsThanListed_ExitsTwoWithBothCounts()
    {
        WriteExport("exportTime\":\"2024-02-01T12:00:00Z", Item("item-1", "site-a", "pump"), Item("item-2", "site-a", "fan"));
        string file = Path.Combine(_export, "data", "part-0.json.gz");
        File.WriteAllText(Path.Combine(_export, "manifest-files.json"), ManifestLine(3, Md5(file)));
        File.WriteAllText(Path.Combine(_export, "manifest-summary.json"), File.ReadAllText(Path.Combine(_export, "manifest-summary.json")).Replace("\"itemCount\":2", "\"itemCount\":3", StringComparison.Ordinal));

        Assert.That(Cli.Run("backfill", _export, "--lake", _lake), Is.EqualTo((2, "pipeslake-replay: the export's data file 'part-0.json.gz' holds 2 items, manifest-files.json says 3.")));
    }

    [Test]
    public void ARerun_WritesNothingTwice()
    {
        WriteExport("exportTime\":\"2024-02-01T12:00:00Z", Item("item-1", "site-a", "pump"), Item("item-2", "site-b", "fan"));
        BackfillSummary first = Backfill();

        BackfillSummary second = Backfill();

        Assert.That((first.Objects, first.AlreadyThere), Is.EqualTo((2, 0)));
        Assert.That((second.Objects, second.AlreadyThere, second.Bytes), Is.EqualTo((2, 2, 0L)));
        Assert.That(Directory.GetFiles(Path.Combine(_lake, "data"), "*", SearchOption.AllDirectories), Has.Length.EqualTo(2));
    }

    [Test]
    public void Summary_RowsAddUpToTheItemsRead_AfterACutRunAndItsRerun()
    {
        WriteExport("exportTime\":\"2024-02-01T12:00:00Z", Item("item-1", "site-a", "pump"), Item("item-2", "site-b", "fan"), "{\"Item\":{\"name\":{\"S\":\"no key\"}}}");
        BackfillSummary first = Backfill();
        // A run cut short had written one of the objects.
        File.Delete(Directory.GetFiles(Path.Combine(_lake, "data"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First());

        BackfillSummary rerun = Backfill();

        Assert.That((first.Items, first.Accounted), Is.EqualTo((3L, 3L)));
        Assert.That((rerun.Items, rerun.Accounted, rerun.AlreadyThere), Is.EqualTo((3L, 3L, first.Objects - 1)));
    }

    private static LakeSettings Settings() =>
        Stacks.Read("dev", (SettingKeys.Columns, "name:string"));

    private BackfillSummary Backfill()
    {
        using var store = new LakeFolder(_lake);
        using var runner = new BackfillRunner(ExportManifest.Read(new FolderExport(new DirectoryInfo(_export))), Settings(), store, gzip: false);
        return runner.Run();
    }

    private void WriteExport(string time, params string[] lines) => ExportFolder.Write(_export, ExportArn, time, lines);

    private static string ManifestLine(long items, string md5) => ExportFolder.ManifestLine(ExportArn, items, md5);

    private static string Md5(string file) => ExportFolder.Md5(file);

    private static string Item(string id, string site, string name) =>
        $"{{\"Item\":{{\"id\":{{\"S\":\"{id}\"}},\"siteId\":{{\"S\":\"{site}\"}},\"createdAtTime\":{{\"N\":\"1704067620000\"}},\"name\":{{\"S\":\"{name}\"}}}}}}";

    private string[] Lines(string prefix) =>
        [.. Directory.GetFiles(Path.Combine(_lake, prefix)).SelectMany(File.ReadAllLines)];
}
