using Pulumi;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>Inputs of <see cref="TableCatalog"/>.</summary>
/// <param name="Lake">Settings, account and key.</param>
/// <param name="Table">The DynamoDB table the Glue tables read the lake of.</param>
/// <param name="BucketName">The lake bucket.</param>
/// <param name="Database">The shared Glue database.</param>
/// <param name="WorkgroupName">The shared Athena workgroup, where the table's saved queries go.</param>
internal sealed record TableCatalogArgs(LakeContext Lake, TableSettings Table, Output<string> BucketName, Resource Database, Output<string> WorkgroupName);
