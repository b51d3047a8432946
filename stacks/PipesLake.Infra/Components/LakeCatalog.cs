using Pulumi;
using Pulumi.Aws.Glue;
using Pulumi.Aws.Glue.Inputs;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>
/// The Glue database <c>pipeslake_&lt;stack&gt;</c> with the <c>changes</c>, <c>changes_history</c> and <c>errors</c>
/// tables (JSON lines or Parquet as the stack writes them, partition projection, so a new object is queryable at once with no crawler) and the
/// <c>changes_current</c> Athena view, all from <see cref="QueryTables"/>.
/// </summary>
internal sealed class LakeCatalog : ComponentResource
{
    public LakeCatalog(string name, LakeCatalogArgs args, ComponentResourceOptions? options = null)
        : base("pipeslake:lake:Catalog", name, options)
    {
        LakeSettings settings = args.Lake.Settings;
        string database = QueryTables.Database(settings.Stack);
        var db = new CatalogDatabase($"{name}-database", new CatalogDatabaseArgs
        {
            Name = database,
            Description = $"PipesLake {settings.Stack}: the lake's tables and views",
            Tags = args.Lake.Tags,
        }, ChildOptions.Named(this));
        var child = new CustomResourceOptions { Parent = this, DeleteBeforeReplace = true, DependsOn = { db } };

        TableStorage changesStorage = QueryTables.ChangesStorage(settings);
        CatalogTable changes = Table($"{name}-changes", QueryTables.Changes, database, QueryTables.ChangesColumns(settings), QueryTables.ChangesPartitions, changesStorage,
            args.BucketName.Apply(bucket => QueryTables.ChangesProjection(settings, bucket)), args.BucketName.Apply(b => $"s3://{b}/{LakePrefixes.DataRoot}"), child);
        _ = Table($"{name}-changes-history", QueryTables.ChangesHistory, database, QueryTables.ChangesColumns(settings), QueryTables.HistoryPartitions, changesStorage,
            args.BucketName.Apply(bucket => QueryTables.HistoryProjection(settings, bucket)), args.BucketName.Apply(b => $"s3://{b}/{LakePrefixes.DataRoot}"), child);
        // Firehose writes its error records as JSON whatever the lake's format.
        _ = Table($"{name}-errors", QueryTables.Errors, database, QueryTables.ErrorColumns, QueryTables.ErrorPartitions, TableStorage.Json,
            args.BucketName.Apply(bucket => QueryTables.ErrorProjection(settings, bucket)), args.BucketName.Apply(b => $"s3://{b}/{LakePrefixes.ErrorRoot}"), child);

        IReadOnlyList<LakeColumn> viewColumns = QueryTables.CurrentViewColumns(settings);
        _ = new CatalogTable($"{name}-changes-current", new CatalogTableArgs
        {
            Name = QueryTables.ChangesCurrent,
            DatabaseName = database,
            TableType = AthenaView.TableType,
            Parameters = new Dictionary<string, string>(AthenaView.Parameters, StringComparer.Ordinal),
            ViewOriginalText = AthenaView.OriginalText(QueryTables.CurrentViewSql(settings), database, viewColumns),
            ViewExpandedText = AthenaView.ExpandedText,
            StorageDescriptor = new CatalogTableStorageDescriptorArgs
            {
                Columns = Columns(viewColumns),
                // Athena refuses a view whose storage descriptor has no SerDe info
                // (HIVE_METASTORE_ERROR; hashicorp/terraform-provider-aws#28517), and an empty block is not sent.
                SerDeInfo = new CatalogTableStorageDescriptorSerDeInfoArgs { Name = QueryTables.ChangesCurrent },
            },
        }, child);

        DatabaseName = db.Name;
        ChangesTableName = changes.Name;
        RegisterOutputs(new Dictionary<string, object?> { ["databaseName"] = DatabaseName, ["changesTableName"] = ChangesTableName });
    }

    /// <summary>The Glue database's name.</summary>
    public Output<string> DatabaseName { get; }

    /// <summary>The <c>changes</c> table's name, once the table exists: a Parquet stream's schema.</summary>
    public Output<string> ChangesTableName { get; }

    private CatalogTable Table(string resourceName, string table, string database, IReadOnlyList<LakeColumn> columns, IReadOnlyList<LakeColumn> partitions,
        TableStorage storage, Output<IReadOnlyDictionary<string, string>> projection, Output<string> location, CustomResourceOptions options)
    {
        var partitionKeys = new InputList<CatalogTablePartitionKeyArgs>();
        foreach (LakeColumn partition in partitions)
        {
            partitionKeys.Add(new CatalogTablePartitionKeyArgs { Name = partition.Name, Type = partition.Type.ToString() });
        }

        return new CatalogTable(resourceName, new CatalogTableArgs
        {
            Name = table,
            DatabaseName = database,
            TableType = "EXTERNAL_TABLE",
            Parameters = projection.Apply(p => (IDictionary<string, string>)new Dictionary<string, string>(p, StringComparer.Ordinal) { ["classification"] = storage.Classification, ["EXTERNAL"] = "TRUE" }),
            PartitionKeys = partitionKeys,
            StorageDescriptor = new CatalogTableStorageDescriptorArgs
            {
                Location = location,
                InputFormat = storage.InputFormat,
                OutputFormat = storage.OutputFormat,
                Columns = Columns(columns),
                SerDeInfo = new CatalogTableStorageDescriptorSerDeInfoArgs
                {
                    SerializationLibrary = storage.SerDe,
                    Parameters = new Dictionary<string, string>(storage.SerDeParameters, StringComparer.Ordinal),
                },
            },
        }, options);
    }

    private static InputList<CatalogTableStorageDescriptorColumnArgs> Columns(IEnumerable<LakeColumn> columns)
    {
        var list = new InputList<CatalogTableStorageDescriptorColumnArgs>();
        foreach (LakeColumn column in columns)
        {
            list.Add(new CatalogTableStorageDescriptorColumnArgs { Name = column.Name, Type = column.Type.ToString() });
        }

        return list;
    }
}
