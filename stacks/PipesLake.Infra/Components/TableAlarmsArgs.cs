using Pulumi;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>Inputs of <see cref="TableAlarms"/>.</summary>
internal sealed record TableAlarmsArgs(LakeContext Lake, TableSettings Table, Output<string> TopicArn);
