using System.Text;
using PipesLake.Blueprint;

namespace PipesLake.Replay.Tests;

/// <summary>The local query over replayed lakes, with exact rows.</summary>
public sealed class QueryTests
{
    private static readonly DateTimeOffset s_arrival = new(2024, 1, 1, 0, 5, 0, TimeSpan.Zero);

    private string _lake = null!;

    [SetUp]
    public void CreateLake() => _lake = Path.Combine(Directory.CreateTempSubdirectory("pipeslake-query-").FullName, "lake");

    [TearDown]
    public void RemoveLake() => Directory.Delete(Path.GetDirectoryName(_lake)!, recursive: true);

    [TestCase(false)]
    [TestCase(true)]
    public void Sample_CountsPerSite_AsTheReadmeShows(bool gzip)
    {
        Replay(File.ReadAllText(Sample()), gzip);

        Assert.That(Csv("select siteid, count(*) as changes from orders_changes group by 1 order by 1"), Is.EqualTo("siteid,changes\r\nsite-000,16\r\nsite-001,7\r\n"));
        Assert.That(Csv("select siteid, count(*) as changes from orders_changes where siteid in ('site-000', 'site-001') and year = 2024 and month = 1 and day = 1 group by 1 order by 1"),
            Is.EqualTo("siteid,changes\r\nsite-000,15\r\nsite-001,7\r\n"));
    }

    [Test]
    public void Sample_FailuresByReason_ComeFromTheErrorsTable()
    {
        Replay(File.ReadAllText(Sample()));

        Assert.That(
            Csv("select errortype, year, month, day, errorcode, regexp_extract(errormessage, '\\((\\w+):', 1) as reason, count(*) as records from orders_errors group by all order by reason"),
            Is.EqualTo("errortype,year,month,day,errorcode,reason,records\r\n"
                + "processing-failed,2024,1,1,Lambda.ProcessingFailedStatus,InvalidSiteValue,1\r\n"
                + "processing-failed,2024,1,1,Lambda.ProcessingFailedStatus,MissingSiteAttribute,1\r\n"));
    }

    [Test]
    public void ChangesCurrent_KeepsTheLatestChangeByLengthThenText_AndDropsDeletes()
    {
        // item-1: inserted then modified. item-2: sequence "99" then "100": as text "99" sorts last, by length "100"
        // does. item-3: inserted then deleted.
        Replay(string.Join("\n",
            Change("INSERT", "item-1", "100", "pump"),
            Change("MODIFY", "item-1", "200", "valve"),
            Change("INSERT", "item-2", "99", "fan"),
            Change("MODIFY", "item-2", "100", "fan-2"),
            Change("INSERT", "item-3", "150", "gone"),
            Change("REMOVE", "item-3", "160", "gone")));

        Assert.That(Csv("select id, name, \"_op\", \"_seq\" from orders_changes_current order by id"), Is.EqualTo(
            "id,name,_op,_seq\r\nitem-1,valve,U,200\r\nitem-2,fan-2,U,100\r\n"));
        Assert.That(Csv("select count(*) as changes from orders_changes"), Is.EqualTo("changes\r\n6\r\n"));
    }

    // Firehose may write the same data a second time under another object name, and the pipe resends a batch whose
    // call timed out after Firehose took it (docs/operations.md, "Delivery semantics"): every object here twice.
    [TestCase(false)]
    [TestCase(true)]
    public void EveryObjectDeliveredTwice_DoublesChanges_NotChangesUniqueNorChangesCurrent(bool gzip)
    {
        Replay(File.ReadAllText(Sample()), gzip);
        const string Unique = "select * from orders_changes_unique order by \"_seq\", id";
        const string Current = "select * from orders_changes_current order by id";
        string once = Csv("select * from orders_changes order by \"_seq\", id"), current = Csv(Current);

        string data = Path.Combine(_lake, "data");
        foreach (string file in Directory.GetFiles(data, "*", SearchOption.AllDirectories))
        {
            string copy = file.EndsWith(".gz", StringComparison.Ordinal) ? file[..^3] + "-again.gz" : file + "-again";
            File.Copy(file, copy);
        }

        Assert.That(Csv("select count(*) as rows, count(distinct \"_eventid\") as changes from orders_changes"), Is.EqualTo("rows,changes\r\n46,23\r\n"));
        Assert.That(Csv("select count(*) as rows from orders_changes_unique"), Is.EqualTo("rows\r\n23\r\n"));
        Assert.That(Csv(Unique), Is.EqualTo(once));
        Assert.That(Csv(Current), Is.EqualTo(current));
    }

    // A backfill gives every item of an export the export's id as its change id: one change of each item, all kept.
    [Test]
    public void ChangesUnique_KeepsOneChangeIdOfManyItems_AndDropsOnlyTheCopies()
    {
        Replay(string.Join("\n",
            Change("INSERT", "item-1", "100", "pump"),
            Change("INSERT", "item-2", "100", "fan"),
            Change("INSERT", "item-2", "100", "fan"),
            Change("MODIFY", "item-2", "200", "fan-2")));

        Assert.That(Csv("select id, name, \"_eventid\" from orders_changes_unique order by id, \"_seq\""), Is.EqualTo(
            "id,name,_eventid\r\nitem-1,pump,e100\r\nitem-2,fan,e100\r\nitem-2,fan-2,e200\r\n"));
        Assert.That(Csv("select count(*) as rows from orders_changes"), Is.EqualTo("rows\r\n4\r\n"));
    }

    [Test]
    public void ColumnsSetting_TypesTheDeclaredAttributes()
    {
        Replay(Change("INSERT", "item-1", "100", "pump"));

        Assert.That(Csv("select typeof(name) as t, name, typeof(createdattime) as ct, typeof(year) as yt from orders_changes"), Is.EqualTo("t,name,ct,yt\r\nVARCHAR,pump,BIGINT,INTEGER\r\n"));
    }

    [Test]
    public void EmptyLake_HasEmptyTables()
    {
        // What a run that delivered nothing leaves: the tools' own state, no object yet.
        Directory.CreateDirectory(Path.Combine(_lake, ".pipeslake", "runs"));

        Assert.That(Csv("select (select count(*) from orders_changes) as c, (select count(*) from orders_errors) as e, (select count(*) from orders_changes_current) as v"), Is.EqualTo("c,e,v\r\n0,0,0\r\n"));
    }

    [TestCase("select nope from orders_changes where siteid = 'site-000'", "pipeslake-replay: Binder Error: Referenced column \"nope\" not found in FROM clause!")]
    [TestCase("select * from no_such_table", "pipeslake-replay: query reads the lake's tables (orders_changes, orders_changes_history, orders_errors, orders_changes_current, orders_changes_unique) and nothing else; 'no_such_table' is not one of them.")]
    [TestCase("selec 1", "pipeslake-replay: Parser Error: syntax error at or near \"selec\"")]
    public void BadSql_ExitsTwoWithOneLine(string sql, string message)
    {
        Replay(Change("INSERT", "item-1", "100", "pump"));

        Assert.That(Cli.Run("query", sql, "--lake", _lake), Is.EqualTo((2, message)));
    }

    // Athena reads the lake's tables and nothing else: DuckDB's table functions and file reads are refused by name.
    [TestCase("select * from read_text('/etc/hostname')", "read_text() is a table function, which Athena does not have.")]
    [TestCase("select * from glob('/tmp/*')", "glob() is a table function, which Athena does not have.")]
    [TestCase("select count(*) from orders_changes where siteid = 'site-a' and year = 2024 and month = 1 and day = 1 and id in (select * from read_csv('/etc/passwd'))", "read_csv() is a table function, which Athena does not have.")]
    [TestCase("select * from duckdb_settings()", "duckdb_settings() is a table function, which Athena does not have.")]
    [TestCase("select * from '/etc/passwd'", "'/etc/passwd' is not one of them.")]
    [TestCase("select * from information_schema.tables", "'tables' is not one of them.")]
    public void ATableFunctionOrAFile_IsRefused(string sql, string end)
    {
        Replay(Change("INSERT", "item-1", "100", "pump"));

        Assert.That(Cli.Run("query", sql, "--lake", _lake), Is.EqualTo((2, "pipeslake-replay: query reads the lake's tables (orders_changes, orders_changes_history, orders_errors, orders_changes_current, orders_changes_unique) and nothing else" + (end.StartsWith('\'') ? "; " : ": ") + end)));
    }

    [Test]
    public void AFolderThatIsNotALake_IsOneLine()
    {
        Replay(Change("INSERT", "item-1", "100", "pump"));
        string data = Path.Combine(_lake, "data");

        Assert.That(Cli.Run("query", "select count(*) from orders_changes where siteid = 'site-a' and year = 2024 and month = 1 and day = 1", "--lake", data), Is.EqualTo((2,
            $"pipeslake-replay: '{data}' is not a lake: it holds none of data/, errors/, errors-handled/, .pipeslake/; pass the folder a replay, backfill or redrive wrote.")));
        Assert.That(Cli.Run("query", "select 1", "--lake", data).Code, Is.EqualTo(2));
    }

    [Test]
    public void MissingLake_ExitsTwo()
    {
        Assert.That(Cli.Run("query", "select 1", "--lake", _lake), Is.EqualTo((2, $"pipeslake-replay: cannot read the lake '{_lake}': no such folder.")));
    }

    private static LakeSettings Dev() =>
        Stacks.Read("dev", (SettingKeys.Columns, "name:string"));

    private void Replay(string records, bool gzip = false)
    {
        using var store = new LakeFolder(_lake);
        using var runner = new ReplayRunner(new ReplayOptions(Dev(), _lake) { Arrival = s_arrival, Gzip = gzip }, store);
        runner.Run(new MemoryStream(Encoding.UTF8.GetBytes(records)));
    }

    private string Csv(string sql)
    {
        using var lake = new LocalLake(_lake, Dev());
        return lake.Query(sql, QueryCommand.Csv);
    }

    private static string Change(string eventName, string id, string sequence, string name)
    {
        string image = $"{{\"id\":{{\"S\":\"{id}\"}},\"siteId\":{{\"S\":\"site-a\"}},\"createdAtTime\":{{\"N\":\"1704067620000\"}},\"name\":{{\"S\":\"{name}\"}}}}";
        string images = eventName switch
        {
            "INSERT" => $"\"NewImage\":{image}",
            "REMOVE" => $"\"OldImage\":{image}",
            _ => $"\"NewImage\":{image},\"OldImage\":{image}",
        };
        return $"{{\"eventID\":\"e{sequence}\",\"eventName\":\"{eventName}\",\"eventSource\":\"aws:dynamodb\",\"dynamodb\":{{\"ApproximateCreationDateTime\":1704067620,\"Keys\":{{\"id\":{{\"S\":\"{id}\"}}}},{images},\"SequenceNumber\":\"{sequence}\",\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}}}}";
    }

    private static string Sample() => Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", "stream-records.ndjson");
}
