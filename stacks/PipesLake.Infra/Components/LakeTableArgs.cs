using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>Inputs of <see cref="LakeTable"/>.</summary>
/// <param name="Lake">Settings, account and key.</param>
/// <param name="Table">The table the stack creates.</param>
internal sealed record LakeTableArgs(LakeContext Lake, TableSettings Table);
