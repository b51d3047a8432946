using Pulumi;

namespace PipesLake.Infra.Components;

/// <summary>Inputs of <see cref="LakeOperators"/>.</summary>
/// <param name="Lake">The stack's settings, names and key.</param>
/// <param name="BucketArn">The lake bucket the operators work on.</param>
internal sealed record LakeOperatorsArgs(LakeContext Lake, Output<string> BucketArn);
