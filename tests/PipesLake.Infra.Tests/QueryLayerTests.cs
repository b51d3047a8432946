using System.Collections.Immutable;
using System.Text.Json;
using PipesLake.Blueprint;
using static PipesLake.Infra.Tests.DeployedLake;

namespace PipesLake.Infra.Tests;

[NonParallelizable]
public sealed class QueryLayerTests
{
    private const string KeyArn = "arn:aws:kms:eu-west-1:123456789012:key/key-key-id";

    [Test]
    public async Task Catalog_ChangesTable_IsJsonLinesWithProjectionFromTheBlueprint()
    {
        DeployedLake lake = await DeployAsync("dev", (SettingKeys.Columns, "name:string"));
        ImmutableDictionary<string, object> changes = Table(lake, "orders_changes");

        Assert.That((changes["databaseName"], changes["tableType"]), Is.EqualTo(("pipeslake_dev", "EXTERNAL_TABLE")));
        Assert.That(At(changes, "storageDescriptor", "location"), Is.EqualTo("s3://lake-bucket-id/data/orders/"));
        Assert.That(At(changes, "storageDescriptor", "serDeInfo", "serializationLibrary"), Is.EqualTo("org.openx.data.jsonserde.JsonSerDe"));
        Assert.That(ColumnNames(At(changes, "storageDescriptor", "columns")), Is.EqualTo(new[] { "id string", "createdattime bigint", "name string", "_op string", "_eventid string", "_seq string", "_ts string" }));
        Assert.That(ColumnNames(changes["partitionKeys"]), Is.EqualTo(new[] { "siteid string", "year int", "month int", "day int", "hour int", "minute int" }));
        var parameters = (ImmutableDictionary<string, object>)changes["parameters"];
        Assert.That(parameters["storage.location.template"], Is.EqualTo("s3://lake-bucket-id/data/orders/siteId=${siteid}/year=${year}/month=${month}/day=${day}/hour=${hour}/minute=${minute}/"));
        Assert.That(parameters.Where(p => p.Key.StartsWith("projection.", StringComparison.Ordinal)).ToDictionary(p => p.Key, p => (string)p.Value),
            Is.EquivalentTo(QueryTables.ChangesProjection(Settings().Tables.Single(), "lake-bucket-id").Where(p => p.Key.StartsWith("projection.", StringComparison.Ordinal))));
    }

    [Test]
    public async Task Catalog_HistoryTable_ReadsEachSitesYearWhole()
    {
        ImmutableDictionary<string, object> history = Table(await DeployAsync(), "orders_changes_history");

        Assert.That(At(history, "storageDescriptor", "location"), Is.EqualTo("s3://lake-bucket-id/data/orders/"));
        Assert.That(ColumnNames(At(history, "storageDescriptor", "columns")), Is.EqualTo(new[] { "id string", "createdattime bigint", "_op string", "_eventid string", "_seq string", "_ts string" }));
        Assert.That(ColumnNames(history["partitionKeys"]), Is.EqualTo(new[] { "siteid string", "year int" }));
        Assert.That(((ImmutableDictionary<string, object>)history["parameters"]).Where(p => p.Key != "EXTERNAL" && p.Key != "classification").ToDictionary(p => p.Key, p => (string)p.Value),
            Is.EquivalentTo(QueryTables.HistoryProjection(Settings().Tables.Single(), "lake-bucket-id")));
    }

    [Test]
    public async Task Catalog_ErrorsTable_HasFirehosesErrorFieldsByTypeAndDay()
    {
        ImmutableDictionary<string, object> errors = Table(await DeployAsync(), "orders_errors");

        Assert.That(ColumnNames(At(errors, "storageDescriptor", "columns")), Is.EqualTo(new[]
        {
            "attemptsmade int", "arrivaltimestamp bigint", "errorcode string", "errormessage string", "attemptendingtimestamp bigint", "rawdata string", "lambdaarn string",
        }));
        Assert.That(ColumnNames(errors["partitionKeys"]), Is.EqualTo(new[] { "errortype string", "year int", "month int", "day int" }));
        Assert.That(((ImmutableDictionary<string, object>)errors["parameters"])["storage.location.template"], Is.EqualTo("s3://lake-bucket-id/errors/orders/${errortype}/year=${year}/month=${month}/day=${day}/"));
    }

    [Test]
    public async Task Catalog_CurrentView_IsAnAthenaViewStoredInGlue()
    {
        ImmutableDictionary<string, object> view = Table(await DeployAsync(), "orders_changes_current");

        Assert.That((view["tableType"], view["viewExpandedText"]), Is.EqualTo(("VIRTUAL_VIEW", "/* Presto View */")));
        Assert.That(((ImmutableDictionary<string, object>)view["parameters"])["presto_view"], Is.EqualTo("true"));
        using JsonDocument definition = JsonDocument.Parse(AthenaView.Decode((string)view["viewOriginalText"]));
        Assert.That(definition.RootElement.GetProperty("originalSql").GetString(), Does.Contain("row_number() OVER (PARTITION BY \"siteid\", \"year\", \"month\", \"day\", \"hour\", \"minute\", \"id\" ORDER BY length(\"_seq\") DESC, \"_seq\" DESC)"));
        Assert.That(definition.RootElement.GetProperty("schema").GetString(), Is.EqualTo("pipeslake_dev"));
        Assert.That(At(view, "storageDescriptor", "serDeInfo", "name"), Is.EqualTo("orders_changes_current"));
    }

    [Test]
    public async Task Catalog_UniqueView_NumbersCopiesWithinEveryPartitionChangeAndItem()
    {
        ImmutableDictionary<string, object> view = Table(await DeployAsync(), "orders_changes_unique");

        Assert.That((view["tableType"], view["viewExpandedText"]), Is.EqualTo(("VIRTUAL_VIEW", "/* Presto View */")));
        using JsonDocument definition = JsonDocument.Parse(AthenaView.Decode((string)view["viewOriginalText"]));
        Assert.That(definition.RootElement.GetProperty("originalSql").GetString(), Does.EndWith(
            "FROM (SELECT *, row_number() OVER (PARTITION BY \"siteid\", \"year\", \"month\", \"day\", \"hour\", \"minute\", \"_eventid\", \"id\") AS pipeslake_copy FROM orders_changes) copies WHERE pipeslake_copy = 1"));
        Assert.That(ColumnNames(At(view, "storageDescriptor", "columns")), Is.EqualTo(new[]
        {
            "id string", "createdattime bigint", "_op string", "_eventid string", "_seq string", "_ts string",
            "siteid string", "year int", "month int", "day int", "hour int", "minute int",
        }));
        Assert.That(At(view, "storageDescriptor", "serDeInfo", "name"), Is.EqualTo("orders_changes_unique"));
    }

    [Test]
    public async Task Workgroup_EnforcesEngine3EncryptedResultsAndACutoff()
    {
        ImmutableDictionary<string, object> workgroup = (await DeployAsync("dev", (SettingKeys.QueryCutoffMiB, "100"))).Inputs("aws:athena/workgroup:Workgroup");

        Assert.That(workgroup["name"], Is.EqualTo("pipeslake-dev"));
        Assert.That(At(workgroup, "configuration", "enforceWorkgroupConfiguration"), Is.True);
        Assert.That(At(workgroup, "configuration", "publishCloudwatchMetricsEnabled"), Is.True);
        Assert.That(At(workgroup, "configuration", "bytesScannedCutoffPerQuery"), Is.EqualTo(104_857_600));
        Assert.That(At(workgroup, "configuration", "engineVersion", "selectedEngineVersion"), Is.EqualTo("Athena engine version 3"));
        Assert.That(At(workgroup, "configuration", "resultConfiguration", "outputLocation"), Is.EqualTo("s3://lake-bucket-id/athena-results/"));
        Assert.That(At(workgroup, "configuration", "resultConfiguration", "encryptionConfiguration", "encryptionOption"), Is.EqualTo("SSE_KMS"));
        Assert.That(At(workgroup, "configuration", "resultConfiguration", "encryptionConfiguration", "kmsKeyArn"), Is.EqualTo(KeyArn));
    }

    [Test]
    public async Task SavedQueries_RunInTheWorkgroupOnTheDatabase()
    {
        DeployedLake lake = await DeployAsync();

        Assert.That(lake.All("aws:athena/namedQuery:NamedQuery").Select(q => $"{q.Inputs["name"]} @ {q.Inputs["workgroup"]}/{q.Inputs["database"]}"), Is.EqualTo(new[]
        {
            "pipeslake: orders: changes of one site in the last hour @ pipeslake-dev/pipeslake_dev",
            "pipeslake: orders: current state of one item @ pipeslake-dev/pipeslake_dev",
            "pipeslake: orders: changes of one site yesterday, each once @ pipeslake-dev/pipeslake_dev",
            "pipeslake: orders: failures by reason, yesterday @ pipeslake-dev/pipeslake_dev",
        }));
    }

    [Test]
    public async Task ReaderPolicy_IsTheBlueprints()
    {
        ImmutableDictionary<string, object> policy = (await DeployAsync()).Inputs("aws:iam/policy:Policy", "queries-reader");

        Assert.That(policy["name"], Is.EqualTo("pipeslake-dev-lake-reader"));
        Assert.That(policy["policy"], Is.EqualTo(LakePolicies.ReaderPolicy(
            new AwsContext("aws", LakeMocks.Account, LakeMocks.Region),
            new ReaderPolicyArns("arn:aws:athena:eu-west-1:123456789012:workgroup/pipeslake-dev", "pipeslake_dev", "arn:aws:s3:::lake-bucket-id", KeyArn)).ToJson()));
    }

    private static ImmutableDictionary<string, object> Table(DeployedLake lake, string name) =>
        lake.All("aws:glue/catalogTable:CatalogTable").Single(t => (string)t.Inputs["name"] == name).Inputs;
}
