using Pulumi;

namespace PipesLake.Infra.Components;

/// <summary>Inputs of <see cref="LakePipe"/>.</summary>
internal sealed record LakePipeArgs(LakeContext Lake, Output<string> StreamArn, Output<string> TableName, Output<string> DeliveryStreamArn);
