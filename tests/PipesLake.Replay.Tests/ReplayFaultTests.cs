using System.Security.Cryptography;
using PipesLake.Blueprint;
using PipesLake.Sampling;

namespace PipesLake.Replay.Tests;

/// <summary>
/// The replay's at-least-once faults (<c>--fault-*</c>, docs/operations.md "Delivery semantics"): what each writes,
/// counted in the summary to the row; what the queries that count once answer with every fault at a high rate; and the
/// same lake from one worker or four, found whole by a rerun.
/// </summary>
public sealed class ReplayFaultTests
{
    private static readonly DateTimeOffset s_arrival = new(2024, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly LakeSettings _settings = Stacks.Read("dev");
    private string _root = null!;
    private string _input = null!;

    [SetUp]
    public void CreateInput()
    {
        _root = Directory.CreateTempSubdirectory("pipeslake-faults-").FullName;
        _input = Path.Combine(_root, "stream.ndjson");
        // 4,000 records, one in 40 malformed or failed by the function: errors/ has lines too.
        using FileStream file = File.Create(_input);
        SampleCommand.Write(new SampleGenerator(sites: 4, seed: 11, malformedEvery: 40), 4_000, file);
    }

    [TearDown]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    [Test]
    public void ResentBatches_WriteTheirRecordsTwice_AsTheSummarySays()
    {
        ReplaySummary clean = Run("clean", null);
        ReplaySummary faulty = Run("faulty", new DeliveryFaults(ResendBatch: 0.3, PartialBatch: 0, WriteTwice: 0, Seed: 7));

        Assert.That(faulty.Resent, Is.InRange(1L, faulty.Delivered + faulty.Failed - 1), "some batches, not all");
        Assert.That(Rows("faulty"), Is.EqualTo(Rows("clean") + faulty.Resent));
        Assert.That((faulty.Read, faulty.Delivered, faulty.Failed, faulty.Accounted), Is.EqualTo((clean.Read, clean.Delivered, clean.Failed, clean.Read)), "copies are not records read");
    }

    [Test]
    public void ObjectsWrittenTwice_HoldTheirLinesTwice_UnderAnotherName()
    {
        ReplaySummary clean = Run("clean", null);
        ReplaySummary faulty = Run("faulty", new DeliveryFaults(0, 0, WriteTwice: 0.5, Seed: 7));

        Assert.That(faulty.WrittenTwice, Is.InRange(1, faulty.Objects - 1));
        Assert.That(Files("faulty"), Has.Length.EqualTo(Files("clean").Length + faulty.WrittenTwice));
        Assert.That(Rows("faulty"), Is.EqualTo(Rows("clean") + faulty.LinesWrittenTwice));
        Assert.That(faulty.Objects, Is.EqualTo(clean.Objects));
    }

    // The pipe retries only what Firehose refused: later, never twice. The lake is the fault-free one, byte for byte.
    [Test]
    public void APartialBatchFailure_OnlyDelays_TheLakeIsTheSame()
    {
        Run("clean", null);
        ReplaySummary faulty = Run("faulty", new DeliveryFaults(0, PartialBatch: 0.5, 0, Seed: 7));

        Assert.That(faulty.Retried, Is.InRange(1L, faulty.Delivered + faulty.Failed - 1));
        Assert.That(Tree("faulty"), Is.EqualTo(Tree("clean")));
    }

    [Test]
    public void EveryFaultAtAHighRate_ChangesUniqueAndChangesCurrent_AnswerAsWithout()
    {
        Run("clean", null);
        ReplaySummary faulty = Run("faulty", new DeliveryFaults(0.4, 0.4, 0.4, Seed: 3));
        const string Changes = "select * from orders_changes order by siteid, year, month, day, hour, minute, \"_eventid\", id";
        const string Unique = "select * from orders_changes_unique order by siteid, year, month, day, hour, minute, \"_eventid\", id";
        const string Current = "select * from orders_changes_current order by siteid, year, month, day, hour, minute, id";

        Assert.That(faulty.Resent + faulty.LinesWrittenTwice, Is.GreaterThan(1_000));
        Assert.That(Csv("faulty", "select count(*) as n from orders_changes"), Is.Not.EqualTo(Csv("clean", "select count(*) as n from orders_changes")));
        Assert.That(Csv("faulty", Unique), Is.EqualTo(Csv("clean", Changes)));
        Assert.That(Csv("faulty", Current), Is.EqualTo(Csv("clean", Current)));
    }

    [Test]
    public void Faults_MakeTheSameLake_FromOneWorkerOrFour_AndARerunFindsEveryObject()
    {
        var faults = new DeliveryFaults(0.3, 0.3, 0.3, Seed: 5);
        ReplaySummary one = Run("one", faults, threads: 1);
        Run("four", faults, threads: 4);
        string[] before = Tree("one");

        ReplaySummary rerun = Run("one", faults, threads: 4);

        Assert.That(Tree("four"), Is.EqualTo(before));
        Assert.That((rerun.Resent, rerun.LinesWrittenTwice, rerun.WrittenTwice), Is.EqualTo((one.Resent, one.LinesWrittenTwice, one.WrittenTwice)));
        Assert.That(rerun.AlreadyThere, Is.EqualTo(one.Objects + one.WrittenTwice));
        Assert.That(Tree("one"), Is.EqualTo(before));
    }

    [Test]
    public void TheCli_RefusesARateOutside0To1_AndARerunWithOtherFaults()
    {
        string lake = Path.Combine(_root, "lake");
        string stack = Path.Combine(Repository.Root(), "Pulumi.dev.yaml");

        (int bad, string badErrors) = Cli.Run("replay", _input, "--lake", lake, "--stack-file", stack, "--fault-resend-batch", "1.5");
        (int first, _) = Cli.Run("replay", _input, "--lake", lake, "--stack-file", stack, "--arrival", "2024-02-01T12:00:00Z", "--fault-write-twice", "0.5");
        (int other, string otherErrors) = Cli.Run("replay", _input, "--lake", lake, "--stack-file", stack, "--arrival", "2024-02-01T12:00:00Z");

        Assert.That((bad, badErrors), Is.EqualTo((2, "pipeslake-replay: --fault-resend-batch is a share of 0 to 1; got 1.5.")));
        Assert.That(first, Is.Zero);
        Assert.That(other, Is.EqualTo(2));
        Assert.That(otherErrors, Does.StartWith("pipeslake-replay: ").And.Contain(" was already written into this lake with --fault-* resend-batch=0;partial-batch=0;write-twice=0.5;seed=1 (now (none)); rerun with the same options to finish it"));
    }

    private ReplaySummary Run(string lake, DeliveryFaults? faults, int threads = 2)
    {
        string root = Path.Combine(_root, lake);
        using var store = new LakeFolder(root);
        using var runner = new ReplayRunner(new ReplayOptions(_settings, root) { Arrival = s_arrival, Threads = threads, BatchRecords = 700, Faults = faults }, store);
        using FileStream stream = File.OpenRead(_input);
        return runner.Run(stream);
    }

    /// <summary>Rows of the lake's changes and errors tables together: every line it holds.</summary>
    private long Rows(string lake) =>
        long.Parse(Csv(lake, "select (select count(*) from orders_changes) + (select count(*) from orders_errors) as n").Split("\r\n")[1], System.Globalization.CultureInfo.InvariantCulture);

    private string Csv(string lake, string sql)
    {
        using var local = new LocalLake(Path.Combine(_root, lake), _settings);
        return local.Query(sql, QueryCommand.Csv);
    }

    private string[] Files(string lake) =>
        [.. new[] { "data", "errors" }.Select(f => Path.Combine(_root, lake, f)).Where(Directory.Exists).SelectMany(f => Directory.GetFiles(f, "*", SearchOption.AllDirectories))];

    private string[] Tree(string lake)
    {
        string root = Path.Combine(_root, lake);
        return [.. Files(lake).Order(StringComparer.Ordinal).Select(f => $"{Path.GetRelativePath(root, f)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}")];
    }
}
