using Pulumi;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>Inputs of <see cref="LakeKey"/>.</summary>
internal sealed record LakeKeyArgs(LakeSettings Settings, Output<AwsContext> Aws);
