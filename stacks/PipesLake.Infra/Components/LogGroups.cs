using Pulumi;
using PipesLake.Blueprint;
using Pulumi.Aws.CloudWatch;

namespace PipesLake.Infra.Components;

/// <summary>A component's log group: under the stack's path, encrypted with the stack's key, with retention.</summary>
internal static class LogGroups
{
    public static LogGroup Create(string name, string component, LakeContext lake, Resource parent, TableSettings? table = null) =>
        new($"{name}-logs", new LogGroupArgs
        {
            // A table's components log under its id: /pipeslake/<stack>/<id>/<component>.
            Name = table is null ? lake.Names.LogGroup(component) : lake.Names.LogGroup(table, component),
            RetentionInDays = lake.Settings.LogRetentionDays,
            KmsKeyId = lake.KeyArn,
            Tags = lake.Tags,
        }, ChildOptions.Named(parent));
}
