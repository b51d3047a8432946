namespace PipesLake.Infra.Components;

/// <summary>Inputs of <see cref="PartitionerFunction"/>.</summary>
/// <param name="Lake">Shared context.</param>
/// <param name="CodePath">Folder holding the published function.</param>
internal sealed record PartitionerFunctionArgs(LakeContext Lake, string CodePath);
