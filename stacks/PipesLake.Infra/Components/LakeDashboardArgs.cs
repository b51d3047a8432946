using Pulumi;

namespace PipesLake.Infra.Components;

/// <summary>Inputs of <see cref="LakeDashboard"/>: every alarm of the stack, shared and per table.</summary>
internal sealed record LakeDashboardArgs(LakeContext Lake, IReadOnlyList<Output<string>> AlarmArns);
