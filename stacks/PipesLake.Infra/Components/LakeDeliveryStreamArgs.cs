using Pulumi;

namespace PipesLake.Infra.Components;

/// <summary>Inputs of <see cref="LakeDeliveryStream"/>.</summary>
internal sealed record LakeDeliveryStreamArgs(LakeContext Lake, Output<string> BucketArn, Output<string> FunctionArn);
