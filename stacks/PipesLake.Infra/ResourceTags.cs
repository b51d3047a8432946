using Pulumi;
using PipesLake.Blueprint;

namespace PipesLake.Infra;

/// <summary>The stack's tags in the form every AWS resource takes them.</summary>
internal static class ResourceTags
{
    public static InputMap<string> For(LakeSettings settings)
    {
        var tags = new InputMap<string>();
        foreach ((string key, string value) in settings.Tags)
        {
            tags.Add(key, value);
        }

        return tags;
    }
}
