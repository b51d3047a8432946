using Pulumi;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>Inputs of <see cref="LakePipe"/>.</summary>
/// <param name="Lake">Settings, account and key.</param>
/// <param name="Table">The table whose stream the pipe reads.</param>
/// <param name="StreamArn">Its stream.</param>
/// <param name="TableName">Its name, as DynamoDB's encryption context names it.</param>
/// <param name="StreamKeyArn">The customer-managed key its stream is encrypted with, or null for an AWS owned or managed key.</param>
/// <param name="DeliveryStreamArn">The table's delivery stream.</param>
internal sealed record LakePipeArgs(LakeContext Lake, TableSettings Table, Output<string> StreamArn, Output<string> TableName, Output<string?> StreamKeyArn, Output<string> DeliveryStreamArn);
