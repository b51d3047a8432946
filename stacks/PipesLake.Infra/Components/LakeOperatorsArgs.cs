using Pulumi;

namespace PipesLake.Infra.Components;

/// <summary>Inputs of <see cref="LakeOperators"/>.</summary>
/// <param name="Lake">The stack's settings, names and key.</param>
/// <param name="BucketArn">The lake bucket the operators work on.</param>
/// <param name="Existing">The stack's existing tables, as looked up: their streams' keys.</param>
internal sealed record LakeOperatorsArgs(LakeContext Lake, Output<string> BucketArn, IReadOnlyDictionary<string, ExistingTable> Existing);
