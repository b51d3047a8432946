using Pulumi;
using PipesLake.Blueprint;

namespace PipesLake.Infra;

/// <summary>The stack's tags in the form every AWS resource takes them.</summary>
internal static class ResourceTags
{
    public static InputMap<string> For(LakeSettings settings) => new Dictionary<string, string>(settings.Tags, StringComparer.Ordinal);
}
