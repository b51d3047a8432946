using System.Text.Json;

namespace PipesLake.Blueprint;

/// <summary>
/// The stack's whole configuration as the .NET language host hands it to the program: the <c>PULUMI_CONFIG</c>
/// environment variable, a JSON object of every key (pulumi/pulumi-dotnet, <c>sdk/Pulumi/Deployment/Deployment_Config.cs</c>
/// parses it into the SDK's config map; the SDK keeps that map internal, so the program reads the variable itself).
/// </summary>
public static class PulumiConfigEnvironment
{
    /// <summary>The variable's name.</summary>
    public const string Variable = "PULUMI_CONFIG";

    /// <summary>
    /// The keys of the variable's JSON, each as <c>namespace:name</c> (an old <c>namespace:config:name</c> cleaned as
    /// the SDK cleans it); none when it is unset or not a JSON object.
    /// </summary>
    public static IReadOnlyList<string> Keys(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind != JsonValueKind.Object ? [] : [.. document.RootElement.EnumerateObject().Select(p => Clean(p.Name))];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string Clean(string key)
    {
        string[] parts = key.Split(':');
        return parts.Length == 3 && parts[1] == "config" ? $"{parts[0]}:{parts[2]}" : key;
    }
}
