using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace PipesLake.Replay.Tests;

/// <summary>
/// The dev stack's two tables (Pulumi.dev.yaml: orders, created; inventory, existing, sited by warehouseId and timed by
/// createdAt) through the offline tools: each record, export and error object goes to its own table's prefixes, under
/// its own table's rules, and a table the stack does not list is refused in one line.
/// </summary>
public sealed class ManyTablesTests
{
    private const string Arrival = "2024-01-01T00:05:00Z";

    private string _root = null!;

    [SetUp]
    public void CreateRoot() => _root = Directory.CreateTempSubdirectory("pipeslake-tables-").FullName;

    [TearDown]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    [Test]
    public void Replay_OfAStreamMixingTwoTables_WritesWhatEachTableAloneWrites_AndQueriesAnswerAlike()
    {
        string[] orders = File.ReadAllLines(Sample("stream-records.ndjson"));
        string[] inventory = File.ReadAllLines(Sample("inventory-stream.ndjson"));
        // One inventory record after every six of orders: the mix a pipe never sees, but an operator's input may.
        var mixed = new List<string>();
        for (int i = 0; i < orders.Length; i++)
        {
            mixed.Add(orders[i]);
            if (i % 6 == 5 && i / 6 < inventory.Length)
            {
                mixed.Add(inventory[i / 6]);
            }
        }
        Assert.That(mixed, Has.Count.EqualTo(orders.Length + inventory.Length));

        Replay(Write("mixed.ndjson", [.. mixed]), "mixed");
        Replay(Sample("stream-records.ndjson"), "alone");
        Replay(Sample("inventory-stream.ndjson"), "alone");

        Assert.That(Tree("mixed"), Is.EqualTo(Tree("alone")));
        Assert.That(Tree("mixed").Keys.Select(k => string.Join('/', k.Split('/')[..2])).Distinct(), Is.EqualTo(new[] { "data/inventory", "data/orders", "errors/orders" }));
        const string Sql = "select (select count(*) from orders_changes) as orders, (select count(*) from orders_errors) as failed, "
            + "(select count(*) from inventory_changes) as inventory, (select sum(quantity) from inventory_changes_current) as stock";
        Assert.That(Query("mixed", Sql), Is.EqualTo(Query("alone", Sql)));
        Assert.That(Query("mixed", Sql), Is.EqualTo("orders,failed,inventory,stock\r\n23,2,4,7\r\n"));
    }

    [Test]
    public void Replay_OfATableTheStackDoesNotList_IsRefusedNamingItsLine_AndWritesNothing()
    {
        string[] orders = File.ReadAllLines(Sample("stream-records.ndjson"));
        string other = orders[0].Replace("table/orders/", "table/payments/", StringComparison.Ordinal);
        string input = Write("other.ndjson", [orders[0], orders[1], other]);

        Assert.That(Cli.Run("replay", input, "--lake", Lake("refused"), "--stack-file", StackFile(), "--arrival", Arrival), Is.EqualTo((2,
            "pipeslake-replay: line 3's eventSourceARN names the table 'payments', which the stack does not list (its tables: orders, inventory); add it to pipeslake:tables, or pass the stack file that lists it.")));
        Assert.That(Directory.Exists(Path.Combine(Lake("refused"), "data")), Is.False);
    }

    [Test]
    public void Replay_OfRecordsWithoutTheirTable_TakesTheTableOfTableOption()
    {
        // aws dynamodbstreams get-records gives records without eventSourceARN.
        string[] bare = [.. File.ReadAllLines(Sample("inventory-stream.ndjson")).Select(l => l[..l.IndexOf(",\"eventSourceARN\"", StringComparison.Ordinal)] + "}")];
        string input = Write("bare.ndjson", bare);

        Assert.That(Cli.Run("replay", input, "--lake", Lake("bare"), "--stack-file", StackFile(), "--arrival", Arrival), Is.EqualTo((2,
            "pipeslake-replay: line 1 has no eventSourceARN, so its table is unknown; pass --table with one of the stack's tables (orders, inventory).")));
        Assert.That(Cli.Run("replay", input, "--lake", Lake("bare"), "--stack-file", StackFile(), "--arrival", Arrival, "--gzip", "false", "--table", "inventory").Code, Is.Zero);
        Replay(Sample("inventory-stream.ndjson"), "alone");
        Assert.That(Tree("bare"), Is.EqualTo(Tree("alone")));
    }

    [Test]
    public void Backfill_TakesTheTableFromTheManifest_AndItsRules()
    {
        // inventory's rules: the site is warehouseId, the time createdAt (2024-01-01T00:02:00Z).
        string export = WriteExport("inventory", """{"Item":{"id":{"S":"stock-9"},"warehouseId":{"S":"wh-9"},"createdAt":{"N":"1704067320000"},"quantity":{"N":"3"}}}""");

        Assert.That(Cli.Run("backfill", export, "--lake", Lake("backfill"), "--stack-file", StackFile()).Code, Is.Zero);
        Assert.That(Tree("backfill").Keys.Select(k => k[..k.LastIndexOf('/')]), Is.EqualTo(new[] { "data/inventory/siteId=wh-9/year=2024/month=01/day=01/hour=00/minute=02" }));

        string other = WriteExport("payments", """{"Item":{"id":{"S":"p-1"}}}""");
        Assert.That(Cli.Run("backfill", other, "--lake", Lake("backfill"), "--stack-file", StackFile()), Is.EqualTo((2,
            "pipeslake-replay: the export's manifest-summary.json names the table 'payments', which the stack does not list (its tables: orders, inventory); add it to pipeslake:tables, or pass the stack file that lists it.")));
    }

    [Test]
    public void Redrive_TakesEachObjectsTableFromItsPath()
    {
        // Each table's function failures, as aws s3 sync brings errors/ down: errors/<table>/processing-failed/….
        string errors = Path.Combine(_root, "errors");
        WriteError(errors, "orders", """{"eventId":"e1","eventName":"INSERT","dynamodb":{"ApproximateCreationDateTime":1704067620,"Keys":{"id":{"S":"item-1"}},"NewImage":{"id":{"S":"item-1"},"siteId":{"S":"site-a"},"createdAtTime":{"N":"1704067620000"}},"SequenceNumber":"111"}}""");
        WriteError(errors, "inventory", """{"eventId":"e2","eventName":"INSERT","dynamodb":{"ApproximateCreationDateTime":1704067320,"Keys":{"id":{"S":"stock-1"}},"NewImage":{"id":{"S":"stock-1"},"warehouseId":{"S":"wh-1"},"createdAt":{"N":"1704067320000"}},"SequenceNumber":"222"}}""");

        Assert.That(Cli.Run("redrive", errors, "--lake", Lake("redrive"), "--stack-file", StackFile()).Code, Is.Zero);
        Assert.That(Tree("redrive").Keys.Select(k => k[..k.LastIndexOf('/')]), Is.EqualTo(new[]
        {
            "data/inventory/siteId=wh-1/year=2024/month=01/day=01/hour=00/minute=02",
            "data/orders/siteId=site-a/year=2024/month=01/day=01/hour=00/minute=07",
        }));

        WriteError(errors, "payments", """{"eventId":"e3"}""");
        Assert.That(Cli.Run("redrive", errors, "--lake", Lake("redrive"), "--stack-file", StackFile()), Is.EqualTo((2,
            "pipeslake-replay: the error object 'payments/processing-failed/year=2024/month=01/day=01/a' names the table 'payments', which the stack does not list (its tables: orders, inventory); add it to pipeslake:tables, or pass the stack file that lists it.")));
    }

    [Test]
    public void Redrive_AppliesTheTablesRulesAsTheStackFileGivesThemNow_NotTheOnesTheRecordCarried()
    {
        // The record failed under rules that named the wrong site attribute (plant); the stack file now says siteId.
        string errors = Path.Combine(_root, "errors");
        WriteError(errors, "orders", """{"partitioning":{"siteAttribute":"plant","timeAttribute":"createdAtTime","partitionTime":"item"},"eventId":"e1","eventName":"INSERT","dynamodb":{"ApproximateCreationDateTime":1704067620,"Keys":{"id":{"S":"item-1"}},"NewImage":{"id":{"S":"item-1"},"siteId":{"S":"site-a"},"createdAtTime":{"N":"1704067620000"}},"SequenceNumber":"111"}}""");

        Assert.That(Cli.Run("redrive", errors, "--lake", Lake("fixed"), "--stack-file", StackFile()).Code, Is.Zero);
        Assert.That(Tree("fixed").Keys.Select(k => k[..k.LastIndexOf('/')]), Is.EqualTo(new[] { "data/orders/siteId=site-a/year=2024/month=01/day=01/hour=00/minute=07" }));
    }

    /// <summary>Replays into a lake folder; the orders sample has a malformed line (exit 3), the inventory sample none.</summary>
    private void Replay(string input, string lake) =>
        Assert.That(Cli.Run("replay", input, "--lake", Lake(lake), "--stack-file", StackFile(), "--arrival", Arrival, "--gzip", "false").Code, Is.EqualTo(
            input.EndsWith("inventory-stream.ndjson", StringComparison.Ordinal) ? 0 : CommandErrors.InputLeftOut));

    private string Query(string lake, string sql)
    {
        (int code, string output, _) = Cli.RunWithOutput("query", sql, "--lake", Lake(lake), "--stack-file", StackFile(), "--format", "csv", "--ignore-athena-rules");
        Assert.That(code, Is.Zero);
        return output;
    }

    /// <summary>Every object of a lake by its path, with its content.</summary>
    private SortedDictionary<string, string> Tree(string lake) => new(
        CommandLineTests.LakeObjectsOf(Lake(lake)).ToDictionary(f => Path.GetRelativePath(Lake(lake), f).Replace('\\', '/'), File.ReadAllText),
        StringComparer.Ordinal);

    private string Lake(string name) => Path.Combine(_root, name);

    private string Write(string name, string[] lines)
    {
        string path = Path.Combine(_root, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private string WriteExport(string table, string item)
    {
        string export = Directory.CreateDirectory(Path.Combine(_root, "export-" + table, "data")).Parent!.FullName;
        string file = Path.Combine(export, "data", "part-0.json.gz");
        using (var gzip = new GZipStream(File.Create(file), CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(item + "\n"));
        }

        // manifest-summary.json names the table by tableArn and exportArn (DynamoDB Developer Guide, "DynamoDB table export output format").
        File.WriteAllText(Path.Combine(export, "manifest-summary.json"),
            $"{{\"version\":\"2020-06-30\",\"exportArn\":\"arn:aws:dynamodb:eu-west-1:123456789012:table/{table}/export/01700000000000-abcdef12\",\"tableArn\":\"arn:aws:dynamodb:eu-west-1:123456789012:table/{table}\",\"exportTime\":\"2024-02-01T12:00:00Z\",\"outputFormat\":\"DYNAMODB_JSON\",\"itemCount\":1}}");
        File.WriteAllText(Path.Combine(export, "manifest-files.json"),
            $"{{\"itemCount\":1,\"md5Checksum\":\"{Convert.ToBase64String(MD5.HashData(File.ReadAllBytes(file)))}\",\"etag\":\"y\",\"dataFileS3Key\":\"AWSDynamoDB/01700000000000-abcdef12/data/part-0.json.gz\"}}\n");
        return export;
    }

    private static void WriteError(string errors, string table, string record)
    {
        string folder = Directory.CreateDirectory(Path.Combine(errors, table, "processing-failed", "year=2024", "month=01", "day=01")).FullName;
        File.WriteAllText(Path.Combine(folder, "a"),
            $"{{\"attemptsMade\":4,\"arrivalTimestamp\":1704067200000,\"errorCode\":\"Lambda.ProcessingFailedStatus\",\"errorMessage\":\"x\",\"rawData\":\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(record))}\"}}\n");
    }

    private static string Sample(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", name);

    private static string StackFile() => Path.Combine(Repository.Root(), "Pulumi.dev.yaml");
}
