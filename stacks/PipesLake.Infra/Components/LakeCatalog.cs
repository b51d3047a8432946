using Pulumi;
using Pulumi.Aws.Glue;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>The Glue database <c>pipeslake_&lt;stack&gt;</c>, shared by every table's tables and view (<see cref="TableCatalog"/>).</summary>
internal sealed class LakeCatalog : ComponentResource
{
    public LakeCatalog(string name, LakeCatalogArgs args, ComponentResourceOptions? options = null)
        : base("pipeslake:lake:Catalog", name, options)
    {
        LakeSettings settings = args.Lake.Settings;
        var db = new CatalogDatabase($"{name}-database", new CatalogDatabaseArgs
        {
            Name = QueryTables.Database(settings.Stack),
            Description = $"PipesLake {settings.Stack}: the lake's tables and views, named after each DynamoDB table",
            Tags = args.Lake.Tags,
        }, ChildOptions.Named(this));

        Database = db;
        DatabaseName = db.Name;
        RegisterOutputs(new Dictionary<string, object?> { ["databaseName"] = DatabaseName });
    }

    /// <summary>The database, which each table's catalog waits for.</summary>
    public CatalogDatabase Database { get; }

    /// <summary>The Glue database's name.</summary>
    public Output<string> DatabaseName { get; }
}
