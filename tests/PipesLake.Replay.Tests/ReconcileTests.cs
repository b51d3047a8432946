using System.Text;
using System.Text.Json;
using PipesLake.Blueprint;

namespace PipesLake.Replay.Tests;

/// <summary>
/// <c>reconcile</c> on a lake built as a real one is, from an earlier export's backfill and the stream since, against a
/// later export: each planted difference found and counted as its kind, nothing invented, a clean lake exit 0.
/// </summary>
public sealed class ReconcileTests
{
    private const string EarlierArn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/export/01705276800000-0000aaaa";
    private const string LaterArn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/export/01706788800000-0000bbbb";
    private const string Stream = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2024-01-01T00:00:00.000";

    // 2024-02-01T12:00:00Z, the later export's time, in epoch seconds.
    private const long ExportSeconds = 1706788800;

    private string _root = null!;
    private string _lake = null!;

    [SetUp]
    public void CreateFolders()
    {
        _root = Directory.CreateTempSubdirectory("pipeslake-reconcile-").FullName;
        _lake = Path.Combine(_root, "lake");
    }

    [TearDown]
    public void RemoveFolders() => Directory.Delete(_root, recursive: true);

    [Test]
    public void ABackfilledExport_MatchesItself_ExitZero()
    {
        string export = Export("same", LaterArn, "2024-02-01T12:00:00Z", Item("a", "v1"), Item("b", "v1"), Item("7", "v1", number: true));
        Assert.That(Cli.Run("backfill", export, "--lake", _lake).Code, Is.Zero);

        (int code, string output, string errors) = Cli.RunWithOutput("reconcile", export, "--lake", _lake);

        Assert.That((code, errors), Is.EqualTo((0, string.Empty)));
        Assert.That(output, Does.Match(@"│ items matching +│ +3 │"));
    }

    [Test]
    public void AnItemOnlyABackfillOfTheSameTimeWrote_IsNotInTheTable_NotWithinTolerance()
    {
        string wider = Export("wider", EarlierArn, "2024-02-01T12:00:00Z", Item("a", "v1"), Item("b", "v1"), Item("x", "v1"));
        Assert.That(Cli.Run("backfill", wider, "--lake", _lake).Code, Is.Zero);
        string report = Path.Combine(_root, "report.json");

        (int code, string output, _) = Cli.RunWithOutput("reconcile", Export("narrower", LaterArn, "2024-02-01T12:00:00Z", Item("a", "v1"), Item("b", "v1")), "--lake", _lake, "--report", report);

        // The backfill's lines carry the export time itself: exact, so no tolerance applies to them.
        Assert.That(code, Is.EqualTo(4));
        Assert.That(output, Does.Contain("notInTable: x"));
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(report));
        Assert.That(Compact(json.RootElement.GetProperty("counts")), Is.EqualTo(Compact("{\"matching\":2,\"missing\":0,\"stale\":0,\"deleteMissed\":0,\"notInTable\":1,\"withinTolerance\":0,\"refused\":0}")));
    }

    [Test]
    public void PlantedFaults_EachFoundAndCountedAsItsKind_NoneInvented()
    {
        BuildLake(replayEverything: false);
        string report = Path.Combine(_root, "report.json");

        (int code, string output, string errors) = Cli.RunWithOutput("reconcile", Later(), "--lake", _lake, "--report", report);

        Assert.That((code, errors), Is.EqualTo((4, string.Empty)));
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(report));
        JsonElement root = json.RootElement;
        Assert.That(Compact(root.GetProperty("counts")), Is.EqualTo(Compact("{\"matching\":2,\"missing\":1,\"stale\":1,\"deleteMissed\":1,\"notInTable\":1,\"withinTolerance\":1,\"refused\":0}")));
        Assert.That(FirstKeys(root), Is.EqualTo(new Dictionary<string, string[]>
        {
            ["missing"] = ["m"],
            ["stale"] = ["b"],
            ["deleteMissed"] = ["e"],
            ["notInTable"] = ["x"],
            ["withinTolerance"] = ["t"],
            ["refused"] = [],
        }));
        // Every item is in site-a; each in the day of its createdAtTime (the partition), which Item sets to 2024-01-0<n>.
        Assert.That(Compact(root.GetProperty("siteDays")), Is.EqualTo(Compact("[{\"site\":\"site-a\",\"day\":\"2024-01-02\",\"stale\":1},{\"site\":\"site-a\",\"day\":\"2024-01-04\",\"deleteMissed\":1},"
            + "{\"site\":\"site-a\",\"day\":\"2024-01-06\",\"missing\":1},{\"site\":\"site-a\",\"day\":\"2024-01-07\",\"withinTolerance\":1},"
            + "{\"site\":\"site-a\",\"day\":\"2024-01-08\",\"notInTable\":1}]")));
        Assert.That(root.GetProperty("differs").GetBoolean(), Is.True);
        Assert.That(output, Does.Contain("missing: m").And.Contain("deleteMissed: e").And.Contain($"report: {report}"));
    }

    [Test]
    public void TheSameLakeWithEveryChangeReplayed_MatchesTheLaterExport_ExitZero()
    {
        BuildLake(replayEverything: true);

        (int code, string output, string errors) = Cli.RunWithOutput("reconcile", Later(), "--lake", _lake);

        // t's change is 30 s after the export time in the lake, and in the export: within the tolerance, not an error.
        Assert.That((code, errors), Is.EqualTo((0, string.Empty)));
        Assert.That(output, Does.Match(@"│ items matching +│ +4 │").And.Match(@"│ differences with a stream change within the tolerance +│ +1 │").And.Contain("withinTolerance: t"));
    }

    [Test]
    public void AToleranceOfZero_ReportsTheChangeAfterTheExportAsStale()
    {
        BuildLake(replayEverything: false);
        string report = Path.Combine(_root, "report.json");

        Assert.That(Cli.RunWithOutput("reconcile", Later(), "--lake", _lake, "--tolerance", "0", "--report", report).Code, Is.EqualTo(4));

        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(report));
        Assert.That(json.RootElement.GetProperty("counts").GetProperty("stale").GetInt64(), Is.EqualTo(2));
        Assert.That(json.RootElement.GetProperty("counts").GetProperty("withinTolerance").GetInt64(), Is.Zero);
    }

    [Test]
    public void AttributeAndSetOrder_DoNotMakeADifference()
    {
        string first = Export("first", EarlierArn, "2024-01-15T00:00:00Z",
            "{\"Item\":{\"id\":{\"S\":\"s\"},\"siteId\":{\"S\":\"site-a\"},\"createdAtTime\":{\"N\":\"1704067200000\"},\"tags\":{\"SS\":[\"x\",\"y\"]},\"m\":{\"M\":{\"p\":{\"N\":\"1\"},\"q\":{\"S\":\"2\"}}}}}");
        string second = Export("second", LaterArn, "2024-02-01T12:00:00Z",
            "{\"Item\":{\"m\":{\"M\":{\"q\":{\"S\":\"2\"},\"p\":{\"N\":\"1\"}}},\"tags\":{\"SS\":[\"y\",\"x\"]},\"createdAtTime\":{\"N\":\"1704067200000\"},\"siteId\":{\"S\":\"site-a\"},\"id\":{\"S\":\"s\"}}}");
        Assert.That(Cli.Run("backfill", first, "--lake", _lake).Code, Is.Zero);

        Assert.That(Cli.RunWithOutput("reconcile", second, "--lake", _lake).Code, Is.Zero);
    }

    [Test]
    public void ALakeLineThatIsNotOne_IsNamed_AndItsItemIsMissing()
    {
        string export = Export("same", LaterArn, "2024-02-01T12:00:00Z", Item("a", "v1"), Item("b", "v1"));
        Assert.That(Cli.Run("backfill", export, "--lake", _lake).Code, Is.Zero);
        string damaged = Directory.GetFiles(Path.Combine(_lake, "data"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        File.WriteAllText(damaged, "not json\n");
        string report = Path.Combine(_root, "report.json");

        (int code, string output, _) = Cli.RunWithOutput("reconcile", export, "--lake", _lake, "--report", report);

        Assert.That(code, Is.EqualTo(4));
        string name = Path.GetRelativePath(_lake, damaged).Replace(Path.DirectorySeparatorChar, '/');
        Assert.That(output, Does.Contain($"not lake lines at {name}:1"));
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(report));
        Assert.That(Compact(json.RootElement.GetProperty("lake").GetProperty("notLakeLines")), Is.EqualTo(Compact($"{{\"count\":1,\"first\":[\"{name}:1\"]}}")));
        Assert.That(Compact(json.RootElement.GetProperty("firstKeys").GetProperty("missing")), Is.EqualTo("[\"a\"]"));
    }

    [Test]
    public void SortRunsSpilledToDisk_GiveTheReportOfOneRunInMemory()
    {
        string export = Path.Combine(_root, "sample");
        foreach ((string relative, byte[] bytes) in SampleExport.Create(items: 3_000, files: 3))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(export, relative))!);
            File.WriteAllBytes(Path.Combine(export, relative), bytes);
        }

        Assert.That(Cli.Run("backfill", export, "--lake", _lake).Code, Is.Zero);
        File.Delete(Directory.GetFiles(Path.Combine(_lake, "data"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First());

        (ReconcileReport inMemory, int inMemoryRuns) = Reconcile(export, sortMemoryBytes: 64L << 20);
        (ReconcileReport spilled, int spilledRuns) = Reconcile(export, sortMemoryBytes: 1);

        Assert.That((inMemoryRuns, spilledRuns), Is.EqualTo((0, 4)));
        Assert.That(spilled[ReconcileKind.Missing], Is.GreaterThan(0));
        Assert.That(spilled[ReconcileKind.Missing] + spilled[ReconcileKind.Matching], Is.EqualTo(3_000));
        Assert.That(Encoding.UTF8.GetString(spilled.ToJson()), Is.EqualTo(Encoding.UTF8.GetString(inMemory.ToJson())));
    }

    [Test]
    public void ATruncatedGzipObject_IsNamedNotReadable_AndTheItemsItLosesAreMissing()
    {
        string export = Export("same", LaterArn, "2024-02-01T12:00:00Z", [.. Enumerable.Range(0, 400).Select(i => Item($"i{i}", "v1"))]);
        Assert.That(Cli.Run("backfill", export, "--lake", _lake, "--gzip", "true").Code, Is.Zero);
        string damaged = Directory.GetFiles(Path.Combine(_lake, "data"), "*.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        byte[] whole = File.ReadAllBytes(damaged);
        File.WriteAllBytes(damaged, whole[..(whole.Length / 2)]);
        string report = Path.Combine(_root, "report.json");

        (int code, string output, _) = Cli.RunWithOutput("reconcile", export, "--lake", _lake, "--report", report);

        string name = Path.GetRelativePath(_lake, damaged).Replace(Path.DirectorySeparatorChar, '/');
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(report));
        JsonElement root = json.RootElement;
        long lines = root.GetProperty("lake").GetProperty("lines").GetInt64();
        Assert.That(code, Is.EqualTo(4));
        Assert.That(output, Does.Contain($"not readable: {name}"));
        Assert.That(Compact(root.GetProperty("lake").GetProperty("unreadableObjects")), Is.EqualTo(Compact($"{{\"count\":1,\"first\":[\"{name}\"]}}")));
        // Every line read before the break counts; every item after it is missing, none is invented.
        Assert.That(root.GetProperty("counts").GetProperty("missing").GetInt64(), Is.EqualTo(400 - lines).And.GreaterThan(0));
        Assert.That(root.GetProperty("counts").GetProperty("matching").GetInt64(), Is.EqualTo(lines));
    }

    [Test]
    public void ADamagedExport_ExitsTwoAsBackfillDoes_AndWritesNoReport()
    {
        string export = Export("same", LaterArn, "2024-02-01T12:00:00Z", [.. Enumerable.Range(0, 200).Select(i => Item($"i{i}", "v1"))]);
        Assert.That(Cli.Run("backfill", export, "--lake", _lake).Code, Is.Zero);
        string file = Path.Combine(export, "data", "part-0.json.gz");
        byte[] whole = File.ReadAllBytes(file);
        File.WriteAllBytes(file, whole[..(whole.Length / 2)]);
        string report = Path.Combine(_root, "report.json");

        (int code, string errors) = Cli.Run("reconcile", export, "--lake", _lake, "--report", report);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(errors, Does.Match(@"^pipeslake-replay: the export's data file 'part-0\.json\.gz' has MD5 \S+, manifest-files\.json says \S+: the file is damaged or incomplete\.$"));
        Assert.That(File.Exists(report), Is.False);
    }

    [Test]
    public void AParquetTable_IsRefusedInOneLine()
    {
        string export = Export("same", LaterArn, "2024-02-01T12:00:00Z", Item("a", "v1"));
        ExportManifest manifest = ExportManifest.Read(new FolderExport(new DirectoryInfo(export)));
        var report = new ReconcileReport(1) { Table = "orders", ExportId = manifest.ExportId, ExportTime = manifest.ExportTime, Export = export, Lake = _lake, Tolerance = TimeSpan.Zero };

        Assert.That(
            () => new ReconcileRunner(manifest, Stacks.Read("dev", (SettingKeys.Format, "parquet")), null!, _root, report),
            Throws.TypeOf<ReplayException>().With.Message.EqualTo("the table 'orders' is written as Parquet (pipeslake:format); reconcile reads JSON lakes."));
    }

    [Test]
    public void ALakeThatIsNotThere_ExitsTwo()
    {
        string export = Export("same", LaterArn, "2024-02-01T12:00:00Z", Item("a", "v1"));
        string missing = Path.Combine(_root, "no-lake");

        Assert.That(Cli.Run("reconcile", export, "--lake", missing), Is.EqualTo((2, $"pipeslake-replay: cannot read the lake '{missing}': no such folder.")));
        Assert.That(Directory.Exists(missing), Is.False);
    }

    [TestCase("--tolerance", "-1", "pipeslake-replay: --tolerance is -1; it takes 0 or more.")]
    [TestCase("--keys", "-3", "pipeslake-replay: --keys is -3; it takes 0 or more.")]
    [TestCase("--report", "REPORT", "pipeslake-replay: cannot write the report 'REPORT': no such folder 'FOLDER'.")]
    public void BadOptions_ExitTwoWithOneLine_BeforeReadingAnything(string option, string value, string message)
    {
        string export = Export("same", LaterArn, "2024-02-01T12:00:00Z", Item("a", "v1"));
        Directory.CreateDirectory(_lake);
        string folder = Path.Combine(_root, "no-folder");
        string report = Path.Combine(folder, "r.json");
        value = value.Replace("REPORT", report, StringComparison.Ordinal);

        Assert.That(Cli.Run("reconcile", export, "--lake", _lake, option, value), Is.EqualTo((2, message.Replace("REPORT", report, StringComparison.Ordinal).Replace("FOLDER", folder, StringComparison.Ordinal))));
    }

    /// <summary>
    /// The earlier export (2024-01-15) holds a, b, d, g, t and x; the stream since then: a modified twice (the second
    /// after the later export), b modified twice, e inserted and deleted, g deleted, m inserted, t modified 30 s after
    /// the later export. Without <paramref name="replayEverything"/> the lake misses b's second change, e's delete and
    /// m's insert; the later export (2024-02-01T12:00:00Z) holds a v2, b v3, d v1, m v1 and t v2 (x was deleted
    /// before the pipe ran: the lake has it from the earlier backfill only, unless everything is replayed; t's change
    /// made it into the export, though the stream's time for it is 30 s later).
    /// </summary>
    private void BuildLake(bool replayEverything)
    {
        string earlier = Export("earlier", EarlierArn, "2024-01-15T00:00:00Z", Item("a", "v1"), Item("b", "v1"), Item("d", "v1"), Item("g", "v1"), Item("t", "v1"), Item("x", "v1"));
        Assert.That(Cli.Run("backfill", earlier, "--lake", _lake).Code, Is.Zero);
        var changes = new List<string>
        {
            Change("MODIFY", "a", "v2", 1705708800, "100"),
            Change("MODIFY", "b", "v2", 1705708800, "101"),
            Change("INSERT", "e", "v1", 1705708800, "102"),
            Change("REMOVE", "g", "v1", 1705708800, "103"),
            Change("MODIFY", "t", "v2", ExportSeconds + 30, "200"),
            Change("MODIFY", "a", "v3", ExportSeconds + 86400, "201"),
        };
        var missed = new List<string>
        {
            Change("MODIFY", "b", "v3", 1706140800, "110"),
            Change("REMOVE", "e", "v1", 1706140800, "111"),
            Change("INSERT", "m", "v1", 1706140800, "112"),
        };
        if (replayEverything)
        {
            changes.AddRange(missed);
            changes.Add(Change("REMOVE", "x", "v1", 1706140800, "113"));
        }

        string stream = Path.Combine(_root, "stream.ndjson");
        File.WriteAllLines(stream, changes);
        Assert.That(Cli.Run("replay", stream, "--lake", _lake, "--arrival", "2024-02-03T00:00:00Z").Code, Is.Zero);
    }

    // The runner on one worker with 64 KiB a side (its least) at sortMemoryBytes 1: 3,000 items of about 51 bytes a
    // record on each side are two full runs and one in memory.
    private (ReconcileReport Report, int RunFiles) Reconcile(string export, long sortMemoryBytes)
    {
        ExportManifest manifest = ExportManifest.Read(new FolderExport(new DirectoryInfo(export)));
        var lake = new LakeArguments(Stacks.Read("dev"), null, _lake, Gzip: false, null, null, null);
        var report = new ReconcileReport(keysPerKind: 5)
        {
            Table = manifest.TableName,
            ExportId = manifest.ExportId,
            ExportTime = manifest.ExportTime,
            Export = export,
            Lake = _lake,
            Tolerance = TimeSpan.FromMinutes(1),
        };
        string temp = Directory.CreateDirectory(Path.Combine(_root, $"temp-{sortMemoryBytes}")).FullName;
        using LakeTarget target = LakeTarget.Open(lake, inputInS3: false);
        var runner = new ReconcileRunner(manifest, lake.Settings, new TableObjects(target, manifest.TableName), temp, report) { Threads = 1, SortMemoryBytes = sortMemoryBytes };
        runner.Run();
        return (report, runner.SpilledRuns);
    }

    private string Later() => Export("later", LaterArn, "2024-02-01T12:00:00Z", Item("a", "v2"), Item("b", "v3"), Item("d", "v1"), Item("m", "v1"), Item("t", "v2"));

    private string Export(string name, string arn, string time, params string[] lines)
    {
        string folder = Path.Combine(_root, name);
        if (!Directory.Exists(folder))
        {
            ExportFolder.Write(folder, arn, $"exportTime\":\"{time}", lines);
        }

        return folder;
    }

    // Each item's createdAtTime, and so its partition's day, follows from its id: a on 2024-01-01, b on 01-02, ….
    private static string Image(string id, string name, bool number = false) =>
        $"{{\"id\":{{\"{(number ? "N" : "S")}\":\"{id}\"}},\"siteId\":{{\"S\":\"site-a\"}},\"createdAtTime\":{{\"N\":\"{Created(id)}\"}},\"name\":{{\"S\":\"{name}\"}}}}";

    private static long Created(string id) => 1704067200000 + ((id[0] is >= 'a' and <= 'z' ? "abdegmtx".IndexOf(id[0], StringComparison.Ordinal) : 0) * 86_400_000L);

    private static string Item(string id, string name, bool number = false) => $"{{\"Item\":{Image(id, name, number)}}}";

    private static string Change(string eventName, string id, string name, long seconds, string sequence)
    {
        string image = eventName == "REMOVE" ? "\"OldImage\"" : "\"NewImage\"";
        return $"{{\"eventID\":\"{eventName}-{id}-{sequence}\",\"eventName\":\"{eventName}\",\"eventSource\":\"aws:dynamodb\",\"eventSourceARN\":\"{Stream}\",\"dynamodb\":{{\"ApproximateCreationDateTime\":{seconds},"
            + $"\"Keys\":{{\"id\":{{\"S\":\"{id}\"}}}},{image}:{Image(id, name)},\"SequenceNumber\":\"{sequence}\",\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}}}}";
    }

    private static Dictionary<string, string[]> FirstKeys(JsonElement root) =>
        root.GetProperty("firstKeys").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(k => k.GetString()!).ToArray());

    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element);

    private static string Compact(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }
}
