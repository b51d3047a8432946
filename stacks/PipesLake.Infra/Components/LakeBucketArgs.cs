namespace PipesLake.Infra.Components;

/// <summary>Inputs of <see cref="LakeBucket"/>.</summary>
internal sealed record LakeBucketArgs(LakeContext Lake);
