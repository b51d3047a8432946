using System.Collections.Immutable;
using System.Globalization;
using Pulumi;
using PipesLake.Blueprint;
using static PipesLake.Infra.Tests.DeployedLake;

namespace PipesLake.Infra.Tests;

/// <summary>
/// Many tables in one lake: one code path for one table or twenty, created or existing. Each table is its own
/// failure domain (pipe, queue, delivery stream, roles, prefixes, Glue tables, alarms) named after its id; what is
/// shared is created once.
/// </summary>
[NonParallelizable]
public sealed class TablesTests
{
    private const string KeyArn = "arn:aws:kms:eu-west-1:123456789012:key/key-key-id";
    private const string BucketArn = "arn:aws:s3:::lake-bucket-id";
    private const string FunctionArn = "arn:aws:lambda:eu-west-1:123456789012:function:pipeslake-dev-partitioner";
    private static readonly AwsContext s_aws = new("aws", LakeMocks.Account, LakeMocks.Region);

    // The dev stack's shape and more: orders created, inventory existing under its own key, customers under an AWS owned
    // key, audit under the AWS managed key (LakeMocks.ExistingTables).
    private const string Mixed =
        """[{"name":"orders"},{"name":"inventory","existing":true,"siteAttribute":"warehouseId","timeAttribute":"createdAt"},{"name":"customers","existing":true},{"name":"audit","existing":true}]""";

    // Shared: key 2, lake 7, partitioner 4, catalog 1, queries 2, alarms 5, dashboard 1, access-logs 7, operators 1
    // (CrossCuttingTests.EveryChild_IsNamedAfterItsComponent). A created table 30: its table 1, catalog 9, delivery 5,
    // pipe 6, alarms 9; an existing one the same without the table.
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(20)]
    public async Task Tables_EachGetTheirOwnDataPath_AndTheSharedOnesAreCreatedOnce(int count)
    {
        string[] names = [.. Enumerable.Range(1, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"orders-{i:D2}"))];
        DeployedLake lake = await DeployAsync("dev", (SettingKeys.Tables, $"[{string.Join(",", names.Select(n => $$"""{"name":"{{n}}"}"""))}]"));

        Assert.That(lake.Mocks.Registered.Count(r => r.Type!.StartsWith("aws:", StringComparison.Ordinal)), Is.EqualTo(30 + (30 * count)));
        Assert.That(Count(lake), Is.EqualTo(new Dictionary<string, int>
        {
            ["aws:dynamodb/table:Table"] = count, ["aws:pipes/pipe:Pipe"] = count, ["aws:sqs/queue:Queue"] = count,
            ["aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"] = count, ["aws:glue/catalogTable:CatalogTable"] = 5 * count,
            ["aws:athena/namedQuery:NamedQuery"] = 4 * count, ["aws:cloudwatch/metricAlarm:MetricAlarm"] = 3 + (9 * count),
            ["aws:iam/role:Role"] = 1 + (2 * count), ["aws:kms/key:Key"] = 1, ["aws:lambda/function:Function"] = 1, ["aws:s3/bucket:Bucket"] = 2,
            ["aws:glue/catalogDatabase:CatalogDatabase"] = 1, ["aws:athena/workgroup:Workgroup"] = 1, ["aws:cloudwatch/dashboard:Dashboard"] = 1,
            ["aws:sns/topic:Topic"] = 1, ["aws:iam/policy:Policy"] = 2,
        }));
        LakeSettings settings = Settings("dev", (SettingKeys.Tables, $"[{string.Join(",", names.Select(n => $$"""{"name":"{{n}}"}"""))}]"));
        foreach (TableSettings table in settings.Tables)
        {
            string id = table.Id;
            ImmutableDictionary<string, object> pipe = lake.Inputs("aws:pipes/pipe:Pipe", $"table-{id}-pipe-pipe");
            ImmutableDictionary<string, object> stream = lake.Inputs("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", $"table-{id}-delivery-stream");
            Assert.That((pipe["name"], pipe["source"], pipe["target"]), Is.EqualTo((
                $"pipeslake-dev-{id}-pipe",
                $"arn:aws:dynamodb:eu-west-1:123456789012:table/{table.Name}/stream/2024-01-01T00:00:00.000",
                $"arn:aws:firehose:eu-west-1:123456789012:deliverystream/pipeslake-dev-{id}")));
            Assert.That(At(pipe, "sourceParameters", "dynamodbStreamParameters", "deadLetterConfig", "arn"), Is.EqualTo($"arn:aws:sqs:eu-west-1:123456789012:pipeslake-dev-{id}-dlq"));
            Assert.That((At(stream, "extendedS3Configuration", "prefix"), At(stream, "extendedS3Configuration", "errorOutputPrefix")), Is.EqualTo((LakePrefixes.Data(table), LakePrefixes.Error(table))));
            Assert.That(At(stream, "extendedS3Configuration", "prefix"), Does.StartWith($"data/{table.Name}/siteId="));
            Assert.That(At(Glue(lake, table, QueryTables.Changes), "storageDescriptor", "location"), Is.EqualTo($"s3://lake-bucket-id/data/{table.Name}/"));
            Assert.That(At(Glue(lake, table, QueryTables.Errors), "storageDescriptor", "location"), Is.EqualTo($"s3://lake-bucket-id/errors/{table.Name}/"));
            Assert.That(Policy(lake, $"table-{id}-delivery-policy"), Is.EqualTo(LakePolicies.FirehoseRole(
                s_aws, table, BucketArn, KeyArn, FunctionArn, $"arn:aws:logs:eu-west-1:123456789012:log-group:/pipeslake/dev/{id}/firehose").ToJson()));
            Assert.That(Policy(lake, $"table-{id}-pipe-policy"), Is.EqualTo(PipePolicy(table, $"arn:aws:dynamodb:eu-west-1:123456789012:table/{table.Name}/stream/2024-01-01T00:00:00.000", KeyArn)));
        }
    }

    [Test]
    public async Task ExistingTables_AreOnlyLookedUp_AndTheirPipesDecryptOnlyWithATableOwnKey()
    {
        DeployedLake lake = await DeployAsync("dev", (SettingKeys.Tables, Mixed));
        LakeSettings settings = Settings("dev", (SettingKeys.Tables, Mixed));

        // Only orders is a resource; the existing tables are read (GetTable), never created, imported or deleted.
        Assert.That(lake.All("aws:dynamodb/table:Table").Select(t => t.Inputs["name"]), Is.EqualTo(new[] { "orders" }));
        string Stream(string table, string label) => $"arn:aws:dynamodb:eu-west-1:123456789012:table/{table}/stream/{label}";
        Assert.That(lake.All("aws:pipes/pipe:Pipe").ToDictionary(p => (string)p.Inputs["name"], p => p.Inputs["source"]), Is.EqualTo(new Dictionary<string, object>
        {
            ["pipeslake-dev-orders-pipe"] = Stream("orders", "2024-01-01T00:00:00.000"),
            ["pipeslake-dev-inventory-pipe"] = Stream("inventory", "2023-06-01T00:00:00.000"),
            ["pipeslake-dev-customers-pipe"] = Stream("customers", "2023-06-01T00:00:00.000"),
            ["pipeslake-dev-audit-pipe"] = Stream("audit", "2023-06-01T00:00:00.000"),
        }));
        // The stream's key: the stack's for the table it creates, inventory's own for inventory; none for an AWS owned
        // (customers) or AWS managed (audit) key, whose own policy lets DynamoDB use it.
        Assert.That(Policy(lake, "table-orders-pipe-policy"), Is.EqualTo(PipePolicy(settings.Table("orders")!, Stream("orders", "2024-01-01T00:00:00.000"), KeyArn)));
        Assert.That(Policy(lake, "table-inventory-pipe-policy"), Is.EqualTo(PipePolicy(settings.Table("inventory")!, Stream("inventory", "2023-06-01T00:00:00.000"), LakeMocks.InventoryKeyArn)));
        Assert.That(Policy(lake, "table-customers-pipe-policy"), Is.EqualTo(PipePolicy(settings.Table("customers")!, Stream("customers", "2023-06-01T00:00:00.000"), null)));
        Assert.That(Policy(lake, "table-audit-pipe-policy"), Is.EqualTo(PipePolicy(settings.Table("audit")!, Stream("audit", "2023-06-01T00:00:00.000"), null)));
        Assert.That(Policy(lake, "table-audit-pipe-policy"), Does.Not.Contain(LakeMocks.AwsManagedKeyArn));
        // Each table's own rules travel in its pipe's template.
        Assert.That((string)At(lake.Inputs("aws:pipes/pipe:Pipe", "table-inventory-pipe-pipe"), "targetParameters", "inputTemplate"), Is.EqualTo(PipeDefinitions.InputTemplate(settings.Table("inventory")!)));
        Assert.That(await TableOutputsAsync(lake, "inventory"), Does.ContainKey("streamArn").WithValue(Stream("inventory", "2023-06-01T00:00:00.000")));
    }

    [Test]
    public async Task TwentyTables_SomeExisting_Deploy()
    {
        var mocks = new LakeMocks();
        string[] existing = [.. Enumerable.Range(1, 5).Select(i => string.Create(CultureInfo.InvariantCulture, $"legacy-{i}"))];
        foreach (string name in existing)
        {
            mocks.ExistingTables[name] = new ExistingTableMock(true, "NEW_AND_OLD_IMAGES", null);
        }

        string tables = $"[{string.Join(",", Enumerable.Range(1, 15).Select(i => string.Create(CultureInfo.InvariantCulture, $$"""{"name":"orders-{{i:D2}}"}""")).Concat(existing.Select(n => $$"""{"name":"{{n}}","existing":true}""")))}]";

        DeployedLake lake = await DeployWithAsync(mocks, "dev", (SettingKeys.Tables, tables));

        Assert.That(lake.All("aws:pipes/pipe:Pipe").Count(), Is.EqualTo(20));
        Assert.That(lake.All("aws:dynamodb/table:Table").Count(), Is.EqualTo(15));
        Assert.That(lake.Mocks.Registered.Count(r => r.Type!.StartsWith("aws:", StringComparison.Ordinal)), Is.EqualTo(30 + (30 * 15) + (29 * 5)));
    }

    [TestCase("warehouse", "pipeslake:tables: the existing table 'warehouse' was not found in this account and region (reading DynamoDB Table (warehouse): operation error DynamoDB: DescribeTable, ResourceNotFoundException: Requested resource not found); create it, fix its name, or set existing: false to let the stack create it.")]
    [TestCase("locked", "pipeslake:tables: the existing table 'locked' could not be read (reading DynamoDB Table (locked): operation error DynamoDB: DescribeTable, AccessDeniedException: not authorized to perform: dynamodb:DescribeTable); allow dynamodb:DescribeTable on it to whoever runs pulumi.")]
    [TestCase("archive", "pipeslake:tables: the existing table 'archive' has its stream off; the pipe reads both images from it: aws dynamodb update-table --table-name archive --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES")]
    [TestCase("sessions", "pipeslake:tables: the existing table 'sessions' streams KEYS_ONLY; the pipe needs NEW_AND_OLD_IMAGES. A stream's view type cannot change: turn it off (aws dynamodb update-table --table-name sessions --stream-specification StreamEnabled=false), then on: aws dynamodb update-table --table-name sessions --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES")]
    public async Task AnExistingTableThePipeCannotRead_StopsThePreviewBeforeAnyResource_InOneLine(string table, string message)
    {
        var mocks = new LakeMocks();

        var error = await Assert.CatchAsync(() => DeployWithAsync(mocks, "dev", (SettingKeys.Tables, $$"""[{"name":"orders"},{"name":"{{table}}","existing":true}]""")));

        // One error, as Pulumi prints a RunException: its message alone, no stack.
        Assert.That(error, Is.TypeOf<RunException>());
        Assert.That(error!.Message, Is.EqualTo(message));
        Assert.That(mocks.Registered.Where(r => r.Type!.StartsWith("aws:", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task SeveralExistingTablesThePipeCannotRead_AreOneLineEach()
    {
        var error = await Assert.CatchAsync(() => DeployAsync("dev", (SettingKeys.Tables, """[{"name":"archive","existing":true},{"name":"inventory","existing":true},{"name":"sessions","existing":true}]""")));

        Assert.That(error!.Message.Split(Environment.NewLine).Select(l => l[..l.IndexOf(';', StringComparison.Ordinal)]), Is.EqualTo(new[]
        {
            "pipeslake:tables: the existing table 'archive' has its stream off",
            "pipeslake:tables: the existing table 'sessions' streams KEYS_ONLY",
        }));
    }

    [TestCase("""[{"name":"orders"},{"name":"orders","existing":true}]""", "pipeslake:tables: orders and orders have the same name 'orders'; each table needs its own.")]
    [TestCase("""[{"name":"orders","filter":{"itemType":[{"regex":"^a"}]}}]""", "pipeslake:tables[0] (orders) filter: Filter field 'itemType' uses operator 'regex', which the replay does not implement; it supports exact values, exact, exists, prefix, suffix, equals-ignore-case, wildcard, numeric and anything-but (of values, a prefix, a suffix, equals-ignore-case or a wildcard).")]
    [TestCase("""[{"name":"orders","filter":{"eventName":["INSERT"]}}]""", "pipeslake:tables[0] (orders) filter may not match on eventName: the table's eventNames and excludeTtlDeletes decide it.")]
    public async Task ABadListOfTables_StopsTheProgramBeforeAnyResource(string tables, string message)
    {
        var mocks = new LakeMocks();

        var error = await Assert.CatchAsync(() => DeployWithAsync(mocks, "dev", (SettingKeys.Tables, tables)));

        Assert.That(error!.ToString(), Does.Contain(message));
        Assert.That(mocks.Registered, Is.Empty);
    }

    [Test]
    public async Task ACustomFilter_IsInEveryPatternOfItsPipe_AndOnlyItsOwn()
    {
        const string Tables = """[{"name":"orders","filter":{"dynamodb":{"NewImage":{"itemType":{"S":["order"]}}}}},{"name":"inventory","existing":true}]""";
        DeployedLake lake = await DeployAsync("dev", (SettingKeys.Tables, Tables));

        string[] Patterns(string id) => [.. ((ImmutableArray<object>)At(lake.Inputs("aws:pipes/pipe:Pipe", $"table-{id}-pipe-pipe"), "sourceParameters", "filterCriteria", "filters"))
            .Cast<ImmutableDictionary<string, object>>().Select(f => (string)f["pattern"])];
        Assert.That(Patterns("orders"), Is.EqualTo(new[] { """{"eventName":["INSERT","MODIFY","REMOVE"],"dynamodb":{"NewImage":{"itemType":{"S":["order"]}}}}""" }));
        Assert.That(Patterns("inventory"), Is.EqualTo(new[] { """{"eventName":["INSERT","MODIFY","REMOVE"]}""" }));
    }

    // Adding a table adds its own resources and changes no resource of the tables already there (name, type, parent,
    // inputs); of the shared ones only the dashboard, which gains the table's row, an in-place update.
    [Test]
    public async Task AddingATable_ChangesNothingOfTheOthers_AndRemovingItDeletesOnlyItsOwn()
    {
        const string Two = """[{"name":"orders"},{"name":"inventory","existing":true}]""";
        const string Three = """[{"name":"orders"},{"name":"inventory","existing":true},{"name":"customers","existing":true}]""";
        Dictionary<(string Type, string Name), string> before = Snapshot(await DeployAsync("dev", (SettingKeys.Tables, Two)));
        Dictionary<(string Type, string Name), string> after = Snapshot(await DeployAsync("dev", (SettingKeys.Tables, Three)));
        Dictionary<string, string?> parentsBefore = Parents(await OptionsAsync("dev", (SettingKeys.Tables, Two)));
        Dictionary<string, string?> parentsAfter = Parents(await OptionsAsync("dev", (SettingKeys.Tables, Three)));

        Assert.That(before.Keys.Except(after.Keys), Is.Empty, "no resource of two tables is gone with three");
        // Beside the dashboard's new row, the operator policy's document: it now reads the new table's stream too (dlq).
        // A new document is a new policy version, in place: the policy's name and ARN stay.
        Assert.That(before.Keys.Where(k => before[k] != after[k]).Select(k => k.Name).Order(StringComparer.Ordinal), Is.EqualTo(new[] { "dashboard-dashboard", "operators-policy" }));
        Assert.That(parentsBefore.Where(p => parentsAfter[p.Key] != p.Value), Is.Empty);
        Assert.That(after.Keys.Except(before.Keys).Select(k => k.Name), Has.All.Matches<string>(n => n == "table-customers" || (n is not null && n.StartsWith("table-customers-", StringComparison.Ordinal))));
        // 29 resources and its components: the source, catalog, delivery stream, pipe and alarms.
        Assert.That(after.Keys.Except(before.Keys).Count(), Is.EqualTo(29 + 5));
        // Removing it again deletes exactly what it added: its pipe, queue, delivery stream, roles, Glue entries and
        // alarms. An existing table is no resource; a created one is retained (ReplacementTests), and data/ is the bucket's.
        Assert.That(after.Keys.Except(before.Keys).Select(k => k.Type).Distinct(), Has.None.EqualTo("aws:dynamodb/table:Table").And.None.EqualTo("aws:s3/bucket:Bucket"));
    }

    private static Dictionary<string, int> Count(DeployedLake lake) =>
        lake.Mocks.Registered.Where(r => r.Type!.StartsWith("aws:", StringComparison.Ordinal))
            .GroupBy(r => r.Type!).Where(g => s_countedTypes.Contains(g.Key)).ToDictionary(g => g.Key, g => g.Count());

    private static readonly string[] s_countedTypes =
    [
        "aws:dynamodb/table:Table", "aws:pipes/pipe:Pipe", "aws:sqs/queue:Queue", "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
        "aws:glue/catalogTable:CatalogTable", "aws:athena/namedQuery:NamedQuery", "aws:cloudwatch/metricAlarm:MetricAlarm", "aws:iam/role:Role",
        "aws:kms/key:Key", "aws:lambda/function:Function", "aws:s3/bucket:Bucket", "aws:glue/catalogDatabase:CatalogDatabase",
        "aws:athena/workgroup:Workgroup", "aws:cloudwatch/dashboard:Dashboard", "aws:sns/topic:Topic", "aws:iam/policy:Policy",
    ];

    private static ImmutableDictionary<string, object> Glue(DeployedLake lake, TableSettings table, string kind) =>
        lake.All("aws:glue/catalogTable:CatalogTable").Single(t => (string)t.Inputs["name"] == QueryTables.Name(table, kind)).Inputs;

    private static object Policy(DeployedLake lake, string name) => lake.Inputs("aws:iam/rolePolicy:RolePolicy", name)["policy"];

    private static string PipePolicy(TableSettings table, string stream, string? streamKey) => LakePolicies.PipeRole(s_aws, new PipeRoleArns(
        $"arn:aws:pipes:eu-west-1:123456789012:pipe/pipeslake-dev-{table.Id}-pipe",
        stream,
        table.Name,
        $"arn:aws:firehose:eu-west-1:123456789012:deliverystream/pipeslake-dev-{table.Id}",
        $"arn:aws:sqs:eu-west-1:123456789012:pipeslake-dev-{table.Id}-dlq",
        KeyArn,
        $"arn:aws:logs:eu-west-1:123456789012:log-group:/pipeslake/dev/{table.Id}/pipe",
        streamKey)).ToJson();

    /// <summary>Every resource by type and name, with its inputs written out whole, keys in order.</summary>
    private static Dictionary<(string Type, string Name), string> Snapshot(DeployedLake lake) =>
        lake.Mocks.Registered.ToDictionary(r => (r.Type!, r.Name!), r => Canonical(r.Inputs));

    private static Dictionary<string, string?> Parents(IReadOnlyDictionary<string, ResourceOptions> options) =>
        options.ToDictionary(o => o.Key, o => o.Value.Parent?.GetResourceName());

    private static string Canonical(object? value) => value switch
    {
        ImmutableDictionary<string, object> map => "{" + string.Join(",", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{Canonical(p.Value)}")) + "}",
        ImmutableArray<object> list => "[" + string.Join(",", list.Select(Canonical)) + "]",
        null => "null",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };
}
