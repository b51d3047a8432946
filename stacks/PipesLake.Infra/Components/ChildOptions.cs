using Pulumi;

namespace PipesLake.Infra.Components;

/// <summary>Options of a component's children.</summary>
internal static class ChildOptions
{
    /// <summary>An auto-named child: Pulumi may create its replacement before deleting it.</summary>
    public static CustomResourceOptions Of(Resource parent) => new() { Parent = parent };

    /// <summary>
    /// A child with a fixed physical name. Pulumi creates a replacement before it deletes the old resource,
    /// and the create fails on the name still taken, leaving the update half done (pulumi/pulumi-aws#511).
    /// Deleting first is the only order that works for a name AWS keeps unique.
    /// </summary>
    public static CustomResourceOptions Named(Resource parent) => new() { Parent = parent, DeleteBeforeReplace = true };
}
