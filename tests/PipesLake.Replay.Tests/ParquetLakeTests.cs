using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using PipesLake.Blueprint;
using PipesLake.Sampling;

namespace PipesLake.Replay.Tests;

/// <summary>
/// A Parquet stack's lake, written offline as the delivery stream's conversion writes it: Parquet data objects whose
/// <c>_item</c> column is the JSON lake's line, the same answers to the same queries, and lines that do not fit the
/// schema under <c>errors/orders/format-conversion-failed/</c>.
/// </summary>
public sealed class ParquetLakeTests
{
    private static readonly DateTimeOffset s_arrival = new(2024, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private string _root = null!;

    [SetUp]
    public void CreateRoot() => _root = Directory.CreateTempSubdirectory("pipeslake-parquet-").FullName;

    [TearDown]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    private static LakeSettings Read(params (string Key, string Value)[] values) => Stacks.Read("dev", values);

    private ReplaySummary Replay(LakeSettings settings, string lake)
    {
        string input = Path.Combine(_root, "stream.ndjson");
        if (!File.Exists(input))
        {
            using FileStream file = File.Create(input);
            SampleCommand.Write(new SampleGenerator(sites: 4, seed: 7, malformedEvery: 100), 5_000, file);
        }

        using var store = new LakeFolder(Path.Combine(_root, lake));
        using var runner = new ReplayRunner(new ReplayOptions(settings, Path.Combine(_root, lake)) { Arrival = s_arrival }, store);
        using FileStream stream = File.OpenRead(input);
        return runner.Run(stream);
    }

    [Test]
    public void Replay_IntoAParquetLake_KeepsEveryAttributeOfEveryItemIn_item()
    {
        ReplaySummary json = Replay(Read(), "json");
        ReplaySummary parquet = Replay(Read((SettingKeys.Format, "parquet")), "parquet");

        string[] dataObjects = [.. Directory.EnumerateFiles(Path.Combine(_root, "parquet", "data"), "*", SearchOption.AllDirectories)];
        Assert.That(dataObjects, Has.All.EndsWith(".parquet"));
        Assert.That(dataObjects, Has.Length.EqualTo(json.Partitions));
        Assert.That((parquet.Delivered, parquet.Failed), Is.EqualTo((json.Delivered, json.Failed)));

        // Every line of the JSON lake is exactly one row's _item of the Parquet lake, partition for partition.
        string[] jsonLines = [.. Directory.EnumerateFiles(Path.Combine(_root, "json", "data"), "*.gz", SearchOption.AllDirectories)
            .SelectMany(f => GunzipLines(f).Select(line => $"{Path.GetRelativePath(Path.Combine(_root, "json"), Path.GetDirectoryName(f)!)}\t{line}")).Order(StringComparer.Ordinal)];
        using var lake = new LocalLake(Path.Combine(_root, "parquet"), Read((SettingKeys.Format, "parquet")));
        string[] items = lake.Query(
            "SELECT 'data/orders/siteId=' || siteid || '/year=' || lpad(CAST(year AS VARCHAR), 4, '0') || '/month=' || lpad(CAST(month AS VARCHAR), 2, '0') || '/day=' || lpad(CAST(day AS VARCHAR), 2, '0') || '/hour=' || lpad(CAST(hour AS VARCHAR), 2, '0') || '/minute=' || lpad(CAST(minute AS VARCHAR), 2, '0') || chr(9) || _item FROM orders_changes",
            reader =>
            {
                var rows = new List<string>();
                while (reader.Read())
                {
                    rows.Add(reader.GetString(0));
                }

                return rows.Order(StringComparer.Ordinal).ToArray();
            });
        Assert.That(items, Has.Length.EqualTo(json.Delivered));
        Assert.That(items, Is.EqualTo(jsonLines));
    }

    [TestCase("SELECT siteid, count(*) FROM orders_changes GROUP BY 1 ORDER BY 1")]
    [TestCase("SELECT siteid, _op, count(*), sum(createdattime) FROM orders_changes_current GROUP BY 1, 2 ORDER BY 1, 2")]
    [TestCase("SELECT count(DISTINCT id), max(_ts), min(_seq) FROM orders_changes")]
    public void SameQuery_SameAnswer_OnBothFormats(string sql)
    {
        Replay(Read(), "json");
        Replay(Read((SettingKeys.Format, "parquet")), "parquet");

        Assert.That(Answer(Read((SettingKeys.Format, "parquet")), "parquet", sql), Is.EqualTo(Answer(Read(), "json", sql)));
    }

    [Test]
    public void ALineWhoseValueDoesNotFitItsColumn_GoesToFormatConversionFailed()
    {
        // The sample's "name" is a string: declared a double, every line whose name is not numeric is refused.
        LakeSettings settings = Read((SettingKeys.Format, "parquet"), (SettingKeys.Columns, "name:double"));
        ReplaySummary summary = Replay(settings, "refused");

        string folder = Path.Combine(_root, "refused", "errors", "orders", "format-conversion-failed", "year=2024", "month=02", "day=01");
        string[] records = [.. Directory.EnumerateFiles(folder).SelectMany(File.ReadLines)];
        Assert.That(records, Has.Length.EqualTo(summary.Delivered));
        Assert.That(summary.NotConverted, Is.EqualTo(summary.Delivered), "counted in the summary");
        Assert.That(Directory.Exists(Path.Combine(_root, "refused", "data")), Is.False);
        using JsonDocument first = JsonDocument.Parse(records[0]);
        JsonElement record = first.RootElement;
        Assert.That(record.GetProperty("ErrorCode").GetString(), Is.EqualTo("DataFormatConversion.ValueDoesNotFitSchema"));
        Assert.That(record.GetProperty("ErrorMessage").GetString(), Is.EqualTo("column 'name' (double): not a number"));
        Assert.That(record.GetProperty("arrivalTimestamp").GetInt64(), Is.EqualTo(s_arrival.ToUnixTimeMilliseconds()));
        Assert.That(record.GetProperty("dataCatalogTable").GetProperty("tableName").GetString(), Is.EqualTo("orders_changes"));
        string line = Encoding.UTF8.GetString(record.GetProperty("rawData").GetBytesFromBase64());
        Assert.That(JsonDocument.Parse(line).RootElement.GetProperty("_item").GetString(), Does.StartWith("{\"id\":\"item-"));
        // The errors table reads ErrorCode as errorcode, as Athena's case-insensitive OpenX SerDe does.
        Assert.That(Answer(settings, "refused", "SELECT errortype, errorcode, count(*) FROM orders_errors WHERE year = 2024 AND month = 2 AND day = 1 GROUP BY 1, 2 ORDER BY 1"),
            Is.EqualTo(string.Create(CultureInfo.InvariantCulture, $"format-conversion-failed|DataFormatConversion.ValueDoesNotFitSchema|{summary.Delivered}|\nprocessing-failed|Lambda.ProcessingFailedStatus|{summary.Failed}|\n")));
    }

    [Test]
    public void Backfill_IntoAParquetLake_WritesParquetObjects_WhoseItemsAreTheJsonLakesLines()
    {
        string export = Path.Combine(_root, "export");
        SampleFiles.WriteExport(new SampleGenerator(sites: 4, seed: 5, malformedEvery: 0), 3_000, export, seed: 5, itemsPerFile: 1_000);
        BackfillSummary Backfill(LakeSettings settings, string lake)
        {
            using var store = new LakeFolder(Path.Combine(_root, lake));
            using var runner = new BackfillRunner(ExportManifest.Read(new FolderExport(new DirectoryInfo(export))), settings, store, gzip: false);
            return runner.Run();
        }

        BackfillSummary json = Backfill(Read(), "json-backfill");
        BackfillSummary parquet = Backfill(Read((SettingKeys.Format, "parquet")), "parquet-backfill");

        Assert.That((parquet.Delivered, parquet.Objects, parquet.NotConverted), Is.EqualTo((json.Delivered, json.Objects, 0L)));
        Assert.That(Directory.EnumerateFiles(Path.Combine(_root, "parquet-backfill", "data"), "*", SearchOption.AllDirectories), Has.All.EndsWith(".parquet"));
        string[] lines = [.. Directory.EnumerateFiles(Path.Combine(_root, "json-backfill", "data"), "*", SearchOption.AllDirectories).SelectMany(File.ReadLines).Order(StringComparer.Ordinal)];
        using var lake = new LocalLake(Path.Combine(_root, "parquet-backfill"), Read((SettingKeys.Format, "parquet")));
        string[] items = lake.Query("SELECT _item FROM orders_changes", reader =>
        {
            var rows = new List<string>();
            while (reader.Read())
            {
                rows.Add(reader.GetString(0));
            }

            return rows.Order(StringComparer.Ordinal).ToArray();
        });
        Assert.That(items, Is.EqualTo(lines).And.Length.EqualTo(3_000));
    }

    [Test]
    public void Redrive_OfFormatConversionFailed_AfterTheSchemaIsFixed_WritesTheSameItemsAsParquet_Once()
    {
        ReplaySummary json = Replay(Read(), "json");
        Replay(Read((SettingKeys.Format, "parquet"), (SettingKeys.Columns, "name:double")), "fixed");
        string lake = Path.Combine(_root, "fixed");
        var errors = new DirectoryInfo(Path.Combine(lake, "errors", "orders", "format-conversion-failed"));

        RedriveSummary Redrive()
        {
            using var store = new LakeFolder(lake);
            return new RedriveRunner(new RedriveOptions(Read((SettingKeys.Format, "parquet")), lake) { Gzip = false }, store).Run(ErrorObject.InFolder(errors, lake));
        }

        RedriveSummary first = Redrive();
        RedriveSummary again = Redrive();

        Assert.That((first.Records, first.Redriven, first.NotConverted, first.FailedAgain), Is.EqualTo((json.Delivered, json.Delivered, 0L, 0L)));
        Assert.That((again.Redriven, again.AlreadyWritten, again.ObjectsWritten), Is.EqualTo((0L, json.Delivered, 0)), "a rerun finds every .parquet object");
        Assert.That(Directory.EnumerateFiles(Path.Combine(lake, "data"), "*", SearchOption.AllDirectories), Has.All.EndsWith(".parquet"));
        const string Sql = "SELECT siteid, _op, count(*), count(DISTINCT id), sum(createdattime), max(_seq) FROM orders_changes GROUP BY 1, 2 ORDER BY 1, 2";
        Assert.That(Answer(Read((SettingKeys.Format, "parquet")), "fixed", Sql), Is.EqualTo(Answer(Read(), "json", Sql)));
    }

    private string Answer(LakeSettings settings, string lake, string sql)
    {
        using var local = new LocalLake(Path.Combine(_root, lake), settings);
        return local.Query(sql, reader =>
        {
            var text = new StringBuilder();
            while (reader.Read())
            {
                for (int i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{reader.GetValue(i)}|");
                }

                text.Append('\n');
            }

            return text.ToString();
        });
    }

    private static IEnumerable<string> GunzipLines(string file)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress));
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }
}
