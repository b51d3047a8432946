using Pulumi;
using Pulumi.Aws.Athena;
using Pulumi.Aws.Glue;
using Pulumi.Aws.Glue.Inputs;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>
/// A table's query layer in the shared database, every name starting with the table's (<see cref="QueryTables.Name"/>):
/// <c>&lt;table&gt;_changes</c>, <c>&lt;table&gt;_changes_history</c> and <c>&lt;table&gt;_errors</c> (JSON lines or Parquet as the
/// stack writes them, partition projection over the table's prefixes, so a new object is queryable at once with no
/// crawler), the <c>&lt;table&gt;_changes_current</c> and <c>&lt;table&gt;_changes_unique</c> Athena views, and the table's saved queries, all from
/// <see cref="QueryTables"/> and <see cref="ExampleQueries"/>.
/// </summary>
internal sealed class TableCatalog : ComponentResource
{
    public TableCatalog(string name, TableCatalogArgs args, ComponentResourceOptions? options = null)
        : base("pipeslake:lake:TableCatalog", name, options)
    {
        LakeSettings settings = args.Lake.Settings;
        TableSettings table = args.Table;
        string database = QueryTables.Database(settings.Stack);
        var child = new CustomResourceOptions { Parent = this, DeleteBeforeReplace = true, DependsOn = { args.Database } };

        TableStorage changesStorage = QueryTables.ChangesStorage(table);
        Output<string> data = args.BucketName.Apply(b => $"s3://{b}/{table.DataRoot}");
        CatalogTable changes = Table($"{name}-changes", QueryTables.Name(table, QueryTables.Changes), database, QueryTables.ChangesColumns(table), QueryTables.ChangesPartitions, changesStorage,
            args.BucketName.Apply(bucket => QueryTables.ChangesProjection(table, bucket)), data, child);
        _ = Table($"{name}-changes-history", QueryTables.Name(table, QueryTables.ChangesHistory), database, QueryTables.ChangesColumns(table), QueryTables.HistoryPartitions, changesStorage,
            args.BucketName.Apply(bucket => QueryTables.HistoryProjection(table, bucket)), data, child);
        // Firehose writes its error records as JSON whatever the lake's format.
        _ = Table($"{name}-errors", QueryTables.Name(table, QueryTables.Errors), database, QueryTables.ErrorColumns, QueryTables.ErrorPartitions, TableStorage.Json,
            args.BucketName.Apply(bucket => QueryTables.ErrorProjection(table, bucket)), args.BucketName.Apply(b => $"s3://{b}/{table.ErrorRoot}"), child);

        CatalogTable current = View($"{name}-changes-current", QueryTables.Name(table, QueryTables.ChangesCurrent), database, QueryTables.CurrentViewSql(table), QueryTables.CurrentViewColumns(table), child);
        CatalogTable unique = View($"{name}-changes-unique", QueryTables.Name(table, QueryTables.ChangesUnique), database, QueryTables.UniqueViewSql(table), QueryTables.UniqueViewColumns(table), child);

        var queryOptions = new CustomResourceOptions { Parent = this, DependsOn = { changes, current, unique } };
        foreach (ExampleQuery query in ExampleQueries.For(table))
        {
            _ = new NamedQuery($"{name}-{query.Id}", new NamedQueryArgs
            {
                Name = query.Name,
                Description = query.Description,
                Database = database,
                Workgroup = args.WorkgroupName,
                Query = query.Sql,
            }, queryOptions);
        }

        ChangesTableName = changes.Name;
        RegisterOutputs(new Dictionary<string, object?> { ["changesTableName"] = ChangesTableName });
    }

    /// <summary>The table's <c>changes</c> table's name, once it exists: a Parquet stream's schema.</summary>
    public Output<string> ChangesTableName { get; }

    /// <summary>An Athena view in the catalog: its SQL as Athena stores a view's, its columns for Glue's readers.</summary>
    private static CatalogTable View(string resourceName, string view, string database, string sql, IReadOnlyList<LakeColumn> columns, CustomResourceOptions options) =>
        new(resourceName, new CatalogTableArgs
        {
            Name = view,
            DatabaseName = database,
            TableType = AthenaView.TableType,
            Parameters = new Dictionary<string, string>(AthenaView.Parameters, StringComparer.Ordinal),
            ViewOriginalText = AthenaView.OriginalText(sql, database, columns),
            ViewExpandedText = AthenaView.ExpandedText,
            StorageDescriptor = new CatalogTableStorageDescriptorArgs
            {
                Columns = Columns(columns),
                // Athena refuses a view whose storage descriptor has no SerDe info
                // (HIVE_METASTORE_ERROR; hashicorp/terraform-provider-aws#28517), and an empty block is not sent.
                SerDeInfo = new CatalogTableStorageDescriptorSerDeInfoArgs { Name = view },
            },
        }, options);

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
