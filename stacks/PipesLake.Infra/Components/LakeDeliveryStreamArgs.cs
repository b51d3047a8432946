using Pulumi;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>Inputs of <see cref="LakeDeliveryStream"/>.</summary>
/// <param name="Lake">Settings, account and key.</param>
/// <param name="Table">The table whose records the stream delivers.</param>
/// <param name="BucketArn">The lake bucket.</param>
/// <param name="FunctionArn">The partitioner.</param>
/// <param name="ChangesTableName">The table's Glue <c>changes</c> table, which a Parquet stream converts records against.</param>
internal sealed record LakeDeliveryStreamArgs(LakeContext Lake, TableSettings Table, Output<string> BucketArn, Output<string> FunctionArn, Output<string> ChangesTableName);
