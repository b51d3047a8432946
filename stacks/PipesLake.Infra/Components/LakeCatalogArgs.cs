namespace PipesLake.Infra.Components;

/// <summary>Inputs of <see cref="LakeCatalog"/>.</summary>
internal sealed record LakeCatalogArgs(LakeContext Lake);
