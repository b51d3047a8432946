using Pulumi;
using Pulumi.Aws.CloudWatch;

namespace PipesLake.Infra.Components;

/// <summary>A component's log group: under the stack's path, encrypted with the stack's key, with retention.</summary>
internal static class LogGroups
{
    public static LogGroup Create(string name, string component, LakeContext lake, Resource parent) =>
        new($"{name}-logs", new LogGroupArgs
        {
            Name = lake.Names.LogGroup(component),
            RetentionInDays = lake.Settings.LogRetentionDays,
            KmsKeyId = lake.KeyArn,
            Tags = lake.Tags,
        }, ChildOptions.Named(parent));
}
