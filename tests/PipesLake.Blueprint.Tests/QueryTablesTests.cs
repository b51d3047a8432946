using System.Globalization;
using System.Text.Json;
using PipesLake.Partitioning;

namespace PipesLake.Blueprint.Tests;

public sealed class QueryTablesTests
{
    private const string Bucket = "pipeslake-dev-lake-1234";

    [Test]
    public void Changes_HasTheKeyTheTimeTheColumnsAndTheLakeFields_PartitionedByTheKeys()
    {
        TableSettings settings = Settings.Table("dev", (SettingKeys.Columns, "name:string,valueOne:double,tags:array<string>"));

        Assert.That(QueryTables.ChangesColumns(settings).Select(c => $"{c.Name}:{c.Type}={c.JsonKey}"), Is.EqualTo(new[]
        {
            "id:string=id", "createdattime:bigint=createdAtTime", "name:string=name", "valueone:double=valueOne", "tags:array<string>=tags",
            "_op:string=_op", "_eventid:string=_eventId", "_seq:string=_seq", "_ts:string=_ts",
        }));
        Assert.That(QueryTables.ChangesPartitions.Select(c => $"{c.Name}:{c.Type}"), Is.EqualTo(new[] { "siteid:string", "year:int", "month:int", "day:int", "hour:int", "minute:int" }));
        Assert.That(QueryTables.Database("eu-staging"), Is.EqualTo("pipeslake_eu_staging"));
    }

    [Test]
    public void ChangesProjection_IsBuiltFromTheFirehosePrefix()
    {
        IReadOnlyDictionary<string, string> projection = QueryTables.ChangesProjection(Settings.Table("dev"), Bucket);

        Assert.That(projection, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["projection.enabled"] = "true",
            ["projection.siteid.type"] = "injected",
            ["projection.year.type"] = "integer", ["projection.year.range"] = "1970,9999", ["projection.year.digits"] = "4",
            ["projection.month.type"] = "integer", ["projection.month.range"] = "1,12", ["projection.month.digits"] = "2",
            ["projection.day.type"] = "integer", ["projection.day.range"] = "1,31", ["projection.day.digits"] = "2",
            ["projection.hour.type"] = "integer", ["projection.hour.range"] = "0,23", ["projection.hour.digits"] = "2",
            ["projection.minute.type"] = "integer", ["projection.minute.range"] = "0,59", ["projection.minute.digits"] = "2",
            ["storage.location.template"] = "s3://pipeslake-dev-lake-1234/data/orders/siteId=${siteid}/year=${year}/month=${month}/day=${day}/hour=${hour}/minute=${minute}/",
        }));
        Assert.That(QueryTables.ChangesProjection(Settings.Table("dev", (SettingKeys.Sites, "site-a,site-b")), Bucket), Does.Contain(new KeyValuePair<string, string>("projection.siteid.type", "enum")).And.Contain(new KeyValuePair<string, string>("projection.siteid.values", "site-a,site-b")));
    }

    [Test]
    public void ErrorProjection_FollowsTheErrorPrefix()
    {
        IReadOnlyDictionary<string, string> projection = QueryTables.ErrorProjection(Settings.Table("dev"), Bucket);

        Assert.That(projection["storage.location.template"], Is.EqualTo("s3://pipeslake-dev-lake-1234/errors/orders/${errortype}/year=${year}/month=${month}/day=${day}/"));
        Assert.That(projection["projection.errortype.values"], Is.EqualTo("processing-failed,activePartitionExceeded"));
        Assert.That(QueryTables.ErrorProjection(Settings.Table("dev", (SettingKeys.Format, "parquet")), Bucket)["projection.errortype.values"],
            Is.EqualTo("processing-failed,activePartitionExceeded,format-conversion-failed"));
    }

    // Every key the function can write maps to a projected partition, and every projected value is one the
    // function writes: the folder text of PartitionKey equals the projection's zero-padded value, both ways.
    [TestCase(0L)]
    [TestCase(951_782_400_000L)]
    [TestCase(1_704_067_620_000L)]
    [TestCase(PartitionKey.MaxEpochMilliseconds)]
    public void EveryKeyTheFunctionWrites_IsAProjectedPartition(long epochMilliseconds)
    {
        Assert.That(PartitionKey.TryGetTime(epochMilliseconds, out DateTime time), Is.True);
        var key = new PartitionKey("site-a", time);

        foreach ((string name, (int min, int max, int digits)) in QueryTables.TimeRanges)
        {
            string folder = key[name];
            int value = int.Parse(folder, NumberStyles.None, CultureInfo.InvariantCulture);
            Assert.That(value, Is.InRange(min, max), name);
            Assert.That(value.ToString(new string('0', digits), CultureInfo.InvariantCulture), Is.EqualTo(folder), name);
        }
    }

    [Test]
    public void EveryProjectedTime_IsOneTheFunctionCanWrite()
    {
        Assert.That(PartitionKey.TryGetTime(0, out DateTime first), Is.True);
        Assert.That(PartitionKey.TryGetTime(PartitionKey.MaxEpochMilliseconds, out DateTime last), Is.True);
        Assert.That((first.Year, last.Year), Is.EqualTo((QueryTables.TimeRanges["year"].Min, QueryTables.TimeRanges["year"].Max)));
        Assert.That(PartitionKey.TryGetTime(-1, out _) || PartitionKey.TryGetTime(PartitionKey.MaxEpochMilliseconds + 1, out _), Is.False, "nothing outside the years is written");
        for (int month = 1; month <= 12; month++)
        {
            Assert.That(new PartitionKey("s", new DateTime(2024, month, 1, 0, 0, 0, DateTimeKind.Utc)).Month, Is.EqualTo(month.ToString("00", CultureInfo.InvariantCulture)));
        }

        Assert.That(new PartitionKey("s", new DateTime(2024, 1, 31, 23, 59, 0, DateTimeKind.Utc))[PartitionKeyNames.Minute], Is.EqualTo("59"));
    }

    [Test]
    public void CurrentView_RanksWithinEachMinutePartition_OrdersTheSequenceByLengthThenText_AndDropsDeletes()
    {
        Assert.That(QueryTables.CurrentViewSql(Settings.Table("dev")), Is.EqualTo(
            "SELECT \"id\", \"createdattime\", \"_op\", \"_eventid\", \"_seq\", \"_ts\", \"siteid\", \"year\", \"month\", \"day\", \"hour\", \"minute\" "
            + "FROM (SELECT *, row_number() OVER (PARTITION BY \"siteid\", \"year\", \"month\", \"day\", \"hour\", \"minute\", \"id\" ORDER BY length(\"_seq\") DESC, \"_seq\" DESC) AS pipeslake_rank FROM orders_changes) ranked "
            + "WHERE pipeslake_rank = 1 AND \"_op\" <> 'D'"));
    }

    [Test]
    public void CurrentView_WithChangeTime_RanksEachSitesWholeHistory()
    {
        Assert.That(QueryTables.CurrentViewSql(Settings.Table("dev", (SettingKeys.PartitionTime, "change"))), Is.EqualTo(
            // The site attribute is the siteid partition, and with change time the time attribute is no column.
            "SELECT \"id\", \"_op\", \"_eventid\", \"_seq\", \"_ts\", \"siteid\", \"year\" "
            + "FROM (SELECT *, row_number() OVER (PARTITION BY \"siteid\", \"id\" ORDER BY length(\"_seq\") DESC, \"_seq\" DESC) AS pipeslake_rank FROM orders_changes_history) ranked "
            + "WHERE pipeslake_rank = 1 AND \"_op\" <> 'D'"));
    }

    [Test]
    public void HistoryProjection_IsTheDataPrefixUpToTheYear()
    {
        IReadOnlyDictionary<string, string> projection = QueryTables.HistoryProjection(Settings.Table("dev"), Bucket);

        Assert.That(projection, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["projection.enabled"] = "true",
            ["projection.siteid.type"] = "injected",
            ["projection.year.type"] = "integer",
            ["projection.year.range"] = "1970,9999",
            ["projection.year.digits"] = "4",
            ["storage.location.template"] = $"s3://{Bucket}/data/orders/siteId=${{siteid}}/year=${{year}}/",
        }));
    }

    [Test]
    public void AthenaView_CarriesTheSqlAndTrinoTypesAsAthenaStoresThem()
    {
        TableSettings settings = Settings.Table("dev", (SettingKeys.Columns, "tags:array<string>"));
        LakeColumn[] columns = [.. QueryTables.ChangesColumns(settings), .. QueryTables.ChangesPartitions];

        string text = AthenaView.OriginalText(QueryTables.CurrentViewSql(settings), "pipeslake_dev", columns);

        Assert.That(text, Does.StartWith("/* Presto View: ").And.EndWith(" */"));
        using JsonDocument view = JsonDocument.Parse(AthenaView.Decode(text));
        Assert.That(view.RootElement.GetProperty("originalSql").GetString(), Is.EqualTo(QueryTables.CurrentViewSql(settings)));
        Assert.That((view.RootElement.GetProperty("catalog").GetString(), view.RootElement.GetProperty("schema").GetString()), Is.EqualTo(("awsdatacatalog", "pipeslake_dev")));
        Assert.That(view.RootElement.GetProperty("columns").EnumerateArray().Select(c => $"{c.GetProperty("name").GetString()} {c.GetProperty("type").GetString()}").Take(3),
            Is.EqualTo(new[] { "id varchar", "createdattime bigint", "tags array(varchar)" }));
    }

    [TestCase("name", "pipeslake:columns must be name:type pairs separated by commas, each name a letter then letters, digits or '_'; got 'name'.")]
    [TestCase("name:text", "pipeslake:columns: the type of 'name' is not an Athena type ('text' is not an Athena type); got 'text'.")]
    [TestCase("year:int", "pipeslake:columns: 'year' is already a column of the lake (the key, site, time, lake fields and partitions are added for you) or is listed twice.")]
    [TestCase("Name:string,name:int", "pipeslake:columns: 'name' is already a column of the lake (the key, site, time, lake fields and partitions are added for you) or is listed twice.")]
    public void BadColumns_AreReportedWithTheKey(string value, string message)
    {
        var error = Assert.Throws<SettingsException>(() => Settings.Read("dev", (SettingKeys.Columns, value)));

        Assert.That(error!.Problems, Is.EqualTo(new[] { message }));
    }

    [TestCase(SettingKeys.Sites, "site-a,site/b", "pipeslake:sites must be a comma-separated list of distinct site values the function accepts; got 'site-a,site/b'.")]
    [TestCase(SettingKeys.QueryCutoffMiB, "2048", "pipeslake:queryCutoffMiB must be a whole number from 10 to 2047; got '2048'.")]
    public void BadQuerySettings_AreReportedWithTheKey(string key, string value, string message)
    {
        var error = Assert.Throws<SettingsException>(() => Settings.Read("dev", (key, value)));

        Assert.That(error!.Problems, Is.EqualTo(new[] { message }));
    }
}
