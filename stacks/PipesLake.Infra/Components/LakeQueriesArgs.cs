using Pulumi;

namespace PipesLake.Infra.Components;

/// <summary>Inputs of <see cref="LakeQueries"/>.</summary>
internal sealed record LakeQueriesArgs(LakeContext Lake, Output<string> BucketName, Output<string> BucketArn);
