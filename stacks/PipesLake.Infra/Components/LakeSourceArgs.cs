using Pulumi;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>Inputs of <see cref="LakeSource"/>: one table, and what every table shares.</summary>
/// <param name="Lake">Settings, account and key.</param>
/// <param name="Table">The table.</param>
/// <param name="Existing">What the lookup found, for a table that exists already; null for one the stack creates.</param>
/// <param name="BucketArn">The lake bucket.</param>
/// <param name="BucketName">Its name.</param>
/// <param name="FunctionArn">The shared partitioner.</param>
/// <param name="Database">The shared Glue database.</param>
/// <param name="WorkgroupName">The shared Athena workgroup.</param>
/// <param name="TopicArn">The shared alarm topic.</param>
internal sealed record LakeSourceArgs(
    LakeContext Lake,
    TableSettings Table,
    ExistingTable? Existing,
    Output<string> BucketArn,
    Output<string> BucketName,
    Output<string> FunctionArn,
    Resource Database,
    Output<string> WorkgroupName,
    Output<string> TopicArn);
