using System.Collections.Immutable;
using PipesLake.Blueprint;
using static PipesLake.Infra.Tests.DeployedLake;

namespace PipesLake.Infra.Tests;

/// <summary>A stack with <c>pipeslake:format: parquet</c>: the stream converts against <c>changes</c>, which reads Parquet.</summary>
[NonParallelizable]
public sealed class ParquetTests
{
    private static readonly AwsContext s_aws = new("aws", LakeMocks.Account, LakeMocks.Region);

    private static Task<DeployedLake> DeployParquetAsync() => DeployAsync("dev", (SettingKeys.Format, "parquet"));

    [Test]
    public async Task Firehose_ParquetStackConvertsEachLineToSnappyParquetWithTheChangesSchema()
    {
        ImmutableDictionary<string, object> stream = (await DeployParquetAsync()).Inputs("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");

        Assert.That(At(stream, "extendedS3Configuration", "dataFormatConversionConfiguration", "enabled"), Is.True);
        Assert.That(At(stream, "extendedS3Configuration", "dataFormatConversionConfiguration", "inputFormatConfiguration", "deserializer", "openXJsonSerDe"), Is.Not.Null);
        Assert.That(At(stream, "extendedS3Configuration", "dataFormatConversionConfiguration", "outputFormatConfiguration", "serializer", "parquetSerDe", "compression"), Is.EqualTo("SNAPPY"));
        Assert.That(At(stream, "extendedS3Configuration", "dataFormatConversionConfiguration", "schemaConfiguration", "databaseName"), Is.EqualTo("pipeslake_dev"));
        Assert.That(At(stream, "extendedS3Configuration", "dataFormatConversionConfiguration", "schemaConfiguration", "tableName"), Is.EqualTo("orders_changes"));
        Assert.That(At(stream, "extendedS3Configuration", "dataFormatConversionConfiguration", "schemaConfiguration", "region"), Is.EqualTo("eu-west-1"));
        Assert.That(At(stream, "extendedS3Configuration", "dataFormatConversionConfiguration", "schemaConfiguration", "roleArn"), Is.EqualTo("arn:aws:iam::123456789012:role/table-orders-delivery-role-id"));
        // Firehose turns S3 compression off with conversion; the setting says UNCOMPRESSED so previews stay clean.
        Assert.That(At(stream, "extendedS3Configuration", "compressionFormat"), Is.EqualTo("UNCOMPRESSED"));
    }

    [Test]
    public async Task Firehose_JsonStackConvertsNothing()
    {
        ImmutableDictionary<string, object> stream = (await DeployAsync()).Inputs("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");

        Assert.That(((ImmutableDictionary<string, object>)stream["extendedS3Configuration"]).ContainsKey("dataFormatConversionConfiguration"), Is.False);
        Assert.That(At(stream, "extendedS3Configuration", "compressionFormat"), Is.EqualTo("GZIP"));
    }

    [Test]
    public async Task Catalog_ParquetChangesUseTheParquetSerDe_WithDeclaredColumnsTheItemAndTheLakeFields()
    {
        DeployedLake lake = await DeployAsync("dev", (SettingKeys.Format, "parquet"), (SettingKeys.Columns, "status:string,amount:double"));

        foreach (string name in new[] { "orders_changes", "orders_changes_history" })
        {
            ImmutableDictionary<string, object> table = lake.All("aws:glue/catalogTable:CatalogTable").Single(t => (string)t.Inputs["name"] == name).Inputs;
            Assert.That(At(table, "storageDescriptor", "serDeInfo", "serializationLibrary"), Is.EqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"), name);
            Assert.That(At(table, "storageDescriptor", "inputFormat"), Is.EqualTo("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"), name);
            Assert.That(At(table, "storageDescriptor", "outputFormat"), Is.EqualTo("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"), name);
            Assert.That(At(table, "parameters", "classification"), Is.EqualTo("parquet"), name);
            Assert.That(ColumnNames(At(table, "storageDescriptor", "columns")), Is.EqualTo(new[]
            {
                "id string", "createdattime bigint", "status string", "amount double",
                "_op string", "_eventid string", "_seq string", "_ts string", "_item string",
            }), name);
        }

        // Firehose's error records stay JSON.
        ImmutableDictionary<string, object> errors = lake.All("aws:glue/catalogTable:CatalogTable").Single(t => (string)t.Inputs["name"] == "orders_errors").Inputs;
        Assert.That(At(errors, "storageDescriptor", "serDeInfo", "serializationLibrary"), Is.EqualTo("org.openx.data.jsonserde.JsonSerDe"));
        Assert.That(At(errors, "parameters", "projection.errortype.values"), Is.EqualTo("processing-failed,activePartitionExceeded,format-conversion-failed"));
    }

    [Test]
    public async Task Function_ParquetStackWritesTheItemColumn()
    {
        ImmutableDictionary<string, object> parquet = (await DeployParquetAsync()).Inputs("aws:lambda/function:Function");
        ImmutableDictionary<string, object> json = (await DeployAsync()).Inputs("aws:lambda/function:Function");

        Assert.That(At(parquet, "environment", "variables", "PIPESLAKE_ITEM_COLUMN"), Is.EqualTo("true"));
        Assert.That(((ImmutableDictionary<string, object>)At(json, "environment", "variables")).ContainsKey("PIPESLAKE_ITEM_COLUMN"), Is.False);
    }

    [Test]
    public async Task Firehose_ParquetRoleAlsoReadsTheChangesSchema()
    {
        DeployedLake lake = await DeployParquetAsync();

        Assert.That(lake.All("aws:iam/rolePolicy:RolePolicy").Single(p => p.Name == "table-orders-delivery-policy").Inputs["policy"], Is.EqualTo(LakePolicies.FirehoseRole(
            s_aws,
            Settings("dev", (SettingKeys.Format, "parquet")).Tables.Single(),
            "arn:aws:s3:::lake-bucket-id",
            "arn:aws:kms:eu-west-1:123456789012:key/key-key-id",
            "arn:aws:lambda:eu-west-1:123456789012:function:pipeslake-dev-partitioner",
            "arn:aws:logs:eu-west-1:123456789012:log-group:/pipeslake/dev/orders/firehose",
            s_aws.GlueTable("pipeslake_dev", "orders_changes")).ToJson()));
    }
}
