namespace PipesLake.Infra.Components;

/// <summary>Inputs of <see cref="LakeAlarms"/>.</summary>
internal sealed record LakeAlarmsArgs(LakeContext Lake);
