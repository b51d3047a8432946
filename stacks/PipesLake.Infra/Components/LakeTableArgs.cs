namespace PipesLake.Infra.Components;

/// <summary>Inputs of <see cref="LakeTable"/>.</summary>
internal sealed record LakeTableArgs(LakeContext Lake);
