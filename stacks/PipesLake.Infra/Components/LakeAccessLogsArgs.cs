using Pulumi;

namespace PipesLake.Infra.Components;

/// <summary>Inputs of <see cref="LakeAccessLogs"/>.</summary>
/// <param name="Lake">The stack's settings, names and key.</param>
/// <param name="LakeBucketName">The bucket whose requests are logged.</param>
/// <param name="LakeBucketArn">Its ARN, the only source the log bucket takes logs from.</param>
internal sealed record LakeAccessLogsArgs(LakeContext Lake, Output<string> LakeBucketName, Output<string> LakeBucketArn);
