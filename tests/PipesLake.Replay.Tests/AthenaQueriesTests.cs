using System.Text.RegularExpressions;
using PipesLake.Blueprint;

namespace PipesLake.Replay.Tests;

/// <summary>
/// Every saved query, and every query the README and docs/operations.md show, through the same check
/// <c>query</c> runs (DuckDB's parse tree, then <see cref="AthenaProjection"/>): accepted by Athena's projection
/// rules as deployed, for both <c>sites</c> settings and both partition times, with its partition count worked by
/// hand and within <see cref="AthenaProjection.PartitionBound"/>.
/// </summary>
public sealed partial class AthenaQueriesTests
{
    private string _lake = null!;

    [SetUp]
    public void CreateLake()
    {
        // A lake of one table, orders, with no object yet: its tables are empty, and every verdict is Athena's on the query alone.
        _lake = Directory.CreateTempSubdirectory("pipeslake-athena-").FullName;
        Directory.CreateDirectory(Path.Combine(_lake, "data", "orders"));
    }

    [TearDown]
    public void RemoveLake() => Directory.Delete(_lake, recursive: true);

    // site-last-hour: 1 site × today (1 × 1 × 1) × 24 hours × 60 minutes; failures-by-reason: 2 error types × yesterday.
    [TestCase(null, "item", "site-last-hour", "orders_changes", 1_440)]
    [TestCase(null, "item", "current-item", "orders_changes", 1)]
    [TestCase(null, "item", "failures-by-reason", "orders_errors", 2)]
    [TestCase("site-000,site-001", "item", "site-last-hour", "orders_changes", 1_440)]
    [TestCase("site-000,site-001", "item", "current-item", "orders_changes", 1)]
    [TestCase(null, "change", "current-item", "orders_changes_history", 8_030)]
    [TestCase("site-000,site-001", "change", "current-item", "orders_changes_history", 8_030)]
    [TestCase(null, "change", "failures-by-reason", "orders_errors", 2)]
    // changes-once-by-operation: changes_unique numbers copies within every partition of changes, whatever the
    // partition time: 1 site × yesterday × 24 hours × 60 minutes.
    [TestCase(null, "item", "changes-once-by-operation", "orders_changes", 1_440)]
    [TestCase(null, "change", "changes-once-by-operation", "orders_changes", 1_440)]
    [TestCase("site-000,site-001", "item", "changes-once-by-operation", "orders_changes", 1_440)]
    public void SavedQuery_RunsInAthenaWithinTheBound(string? sites, string partitionTime, string id, string table, long partitions)
    {
        LakeSettings settings = SettingsReader.Read("dev", key => key switch
        {
            SettingKeys.Region => "eu-west-1",
            SettingKeys.Tables => """[{"name":"orders"}]""",
            SettingKeys.Sites => sites,
            SettingKeys.PartitionTime => partitionTime,
            _ => null,
        });
        ExampleQuery query = ExampleQueries.For(settings.Tables.Single()).Single(q => q.Id == "orders-" + id);

        ProjectionVerdict verdict = Verdicts(query.Sql, settings).Single();

        Assert.That((verdict.Table, verdict.Refusal, (long)verdict.Partitions), Is.EqualTo((table, (string?)null, partitions)));
        Assert.That((long)verdict.Partitions, Is.LessThanOrEqualTo(AthenaProjection.PartitionBound));
    }

    [Test]
    public void DocumentedQueries_RunInAthenaWithTheirCounts()
    {
        var expected = new Dictionary<string, long>
        {
            ["SELECT count(*) FROM orders_changes WHERE siteid = 'site-a' AND year = 2024 AND month = 1 AND day = 1"] = 1_440,
            ["SELECT siteid, count(*) FROM orders_changes WHERE siteid IN ('site-000', 'site-001') AND year = 2024 AND month = 1 AND day = 1 GROUP BY 1 ORDER BY 1"] = 2_880,
            ["SELECT * FROM orders_changes_current WHERE siteid = 'site-a' AND year = 2024 AND month = 1 AND day = 1 AND hour = 0 AND minute = 7 AND \"id\" = 'item-1'"] = 1,
            ["SELECT count(*) AS items FROM (SELECT \"_op\", row_number() OVER (PARTITION BY \"id\" ORDER BY length(\"_seq\") DESC, \"_seq\" DESC) AS r FROM orders_changes_history WHERE siteid = 'site-a') WHERE r = 1 AND \"_op\" <> 'D'"] = 8_030,
            ["SELECT errortype, errorcode, count(*) AS records FROM orders_errors WHERE year = 2024 AND month = 1 AND day = 1 GROUP BY 1, 2"] = 2,
            // docs/operations.md, "Delivery semantics": a site-day, each change once, and the copies in it.
            ["SELECT \"_op\", count(*) AS changes FROM orders_changes_unique WHERE siteid = 'site-a' AND year = 2024 AND month = 1 AND day = 1 GROUP BY 1"] = 1_440,
            ["SELECT count(*) AS changes, sum(n - 1) AS copies FROM (SELECT \"_eventid\", \"id\", count(*) AS n FROM orders_changes WHERE siteid = 'site-a' AND year = 2024 AND month = 1 AND day = 1 GROUP BY 1, 2)"] = 1_440,
            ["select count(*) from orders_changes where siteid = 'site-a' and year = 2024 and month = 1 and day = 1"] = 1_440,
            ["select siteid, count(*) from orders_changes where siteid in ('site-000', 'site-001') and year = 2024 and month = 1 and day = 1 group by 1 order by 1"] = 2_880,
            ["select siteid, id, sku, quantity, _op from inventory_changes_current where siteid = 'wh-1' and year = 2024 and month = 1 and day = 1"] = 1_440,
            // The README's bucket-mode query: 2 sites × one day × 24 hours × 60 minutes.
            ["select siteid, count(*) as changes from inventory_changes where siteid in ('wh-1', 'wh-2') and year = 2024 and month = 1 and day = 1 group by siteid order by siteid"] = 2_880,
        };

        string[] documented = [.. DocumentedQueries()];

        Assert.That(documented, Is.EquivalentTo(expected.Keys), "every query the docs show has its count here");
        // The docs' queries are of the dev stack's tables.
        LakeSettings settings = StackFile.ReadSettings(Path.Combine(Repository.Root(), "Pulumi.dev.yaml"));
        foreach (string sql in documented)
        {
            ProjectionVerdict verdict = Verdicts(sql, settings).Single();
            Assert.That((verdict.Refusal, (long)verdict.Partitions), Is.EqualTo(((string?)null, expected[sql])), sql);
        }
    }

    [TestCase("select * from orders_changes_current where \"id\" = 'item-1'", "Athena refuses this query on orders_changes: CONSTRAINT_VIOLATION: For the injected projected partition column siteid, the WHERE clause must contain only static equality conditions, and at least one such condition must be present.")]
    [TestCase("select * from orders_changes where siteid like 'site-%' and year = 2024", "Athena refuses this query on orders_changes: CONSTRAINT_VIOLATION: For the injected projected partition column siteid, the WHERE clause must contain only static equality conditions, and at least one such condition must be present.")]
    [TestCase("select * from orders_changes where (siteid = 'a' or siteid = 'b') and year = 2024", "Athena refuses this query on orders_changes: CONSTRAINT_VIOLATION: For the injected projected partition column siteid, the WHERE clause must contain only static equality conditions, and at least one such condition must be present.")]
    [TestCase("select * from orders_changes where siteid = 'a' and year = year(current_date) and month = month(current_date) and day = day(current_date)", "Athena projects 1,440 partitions of orders_changes (siteid 1 × year 1 × month 1 × day 1 × hour 24 × minute 60)")]
    [TestCase("select * from orders_changes c join orders_changes_history h on c.\"id\" = h.\"id\" where c.siteid = 'a' and h.siteid = 'b' and c.year between 2023 and 2024 and h.year > 2020", "Athena projects 1,071,360 partitions of orders_changes (siteid 1 × year 2 × month 12 × day 31 × hour 24 × minute 60) | Athena projects 7,979 partitions of orders_changes_history (siteid 1 × year 7,979)")]
    // Conservative: Trino would push "day = 1" into the CTE; the model counts only the CTE's own conditions.
    [TestCase("with recent as (select * from orders_changes where siteid = 'a' and year = 2024 and month = 1) select * from recent where day = 1", "Athena projects 44,640 partitions of orders_changes (siteid 1 × year 1 × month 1 × day 31 × hour 24 × minute 60)")]
    [TestCase("select * from orders_changes_unique where siteid = 'a' and year = 2024 and month = 1 and day = 1 and hour = 3", "Athena projects 60 partitions of orders_changes (siteid 1 × year 1 × month 1 × day 1 × hour 1 × minute 60)")]
    [TestCase("select count(*) from orders_changes_unique where year = 2024", "Athena refuses this query on orders_changes: CONSTRAINT_VIOLATION: For the injected projected partition column siteid, the WHERE clause must contain only static equality conditions, and at least one such condition must be present.")]
    [TestCase("select 1", "")]
    public void Query_IsJudgedScanByScan(string sql, string verdicts) =>
        Assert.That(string.Join(" | ", Verdicts(sql, SettingsReader.Defaults("dev", "eu-west-1"))), Is.EqualTo(verdicts));

    [Test]
    public void TheCli_RefusesWhatAthenaWould_InOneLine()
    {
        (int code, string errors) = Cli.Run("query", "select count(*) from orders_changes", "--lake", _lake);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(errors, Is.EqualTo("pipeslake-replay: Athena refuses this query on orders_changes: CONSTRAINT_VIOLATION: For the injected projected partition column siteid, the WHERE clause must contain only static equality conditions, and at least one such condition must be present. Name the sites with siteid = '…' or IN (…) (docs/operations.md, \"Query the lake\"), or pass --ignore-athena-rules to run it here only."));
    }

    [Test]
    public void TheCli_SaysWhatAthenaEnumerates_AfterTheRows()
    {
        (int code, string errors) = Cli.Run("query", "select count(*) from orders_changes where siteid = 'a' and year = 2024", "--lake", _lake, "--format", "csv");

        Assert.That(code, Is.Zero);
        Assert.That(errors, Is.EqualTo("pipeslake-replay: Athena projects 535,680 partitions of orders_changes (siteid 1 × year 1 × month 12 × day 31 × hour 24 × minute 60): more than 10,000; bound the time partitions (docs/operations.md, \"Query the lake\")."));
    }

    private IReadOnlyList<ProjectionVerdict> Verdicts(string sql, LakeSettings settings)
    {
        using var lake = new LocalLake(_lake, settings);
        return lake.Athena(sql);
    }

    /// <summary>The SQL lines of docs/operations.md's sql blocks, and the README's Athena and local query strings.</summary>
    private static IEnumerable<string> DocumentedQueries()
    {
        string root = Repository.Root();
        string docs = File.ReadAllText(Path.Combine(root, "docs", "operations.md"));
        foreach (Match block in SqlBlock().Matches(docs))
        {
            foreach (string line in block.Groups["sql"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                yield return line;
            }
        }

        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        foreach (Match query in ReadmeQuery().Matches(readme))
        {
            yield return query.Groups["sql"].Value;
        }
    }

    [GeneratedRegex("```sql\\n(?<sql>.*?)```", RegexOptions.Singleline)]
    private static partial Regex SqlBlock();

    [GeneratedRegex("(?:--query-string|-- query) \"(?<sql>[^\"]+)\"")]
    private static partial Regex ReadmeQuery();
}
