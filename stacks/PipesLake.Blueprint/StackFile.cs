namespace PipesLake.Blueprint;

/// <summary>
/// Reads the flat <c>config:</c> map of a <c>Pulumi.&lt;stack&gt;.yaml</c> file, so tools can use a
/// stack's settings without Pulumi. Handles the layout PipesLake ships: one <c>key: value</c> per line.
/// </summary>
public static class StackFile
{
    /// <summary>The stack name of <c>Pulumi.&lt;stack&gt;.yaml</c>.</summary>
    public static string StackName(string path) =>
        Path.GetFileName(path) is { } name && name.StartsWith("Pulumi.", StringComparison.Ordinal) && name.EndsWith(".yaml", StringComparison.Ordinal)
            ? name["Pulumi.".Length..^".yaml".Length]
            : throw new ArgumentException($"'{path}' is not named Pulumi.<stack>.yaml.", nameof(path));

    /// <summary>The configuration values by full key (<c>pipeslake:tableName</c>).</summary>
    public static Dictionary<string, string> ReadConfig(string path) =>
        File.ReadAllLines(path)
            .Where(line => line.StartsWith("  ", StringComparison.Ordinal) && line.Contains(": ", StringComparison.Ordinal))
            .Select(line => line.Trim().Split(": ", 2))
            .ToDictionary(pair => pair[0], pair => pair[1].Trim().Trim('"'), StringComparer.Ordinal);

    /// <summary>The validated settings of a stack file.</summary>
    /// <exception cref="SettingsException">Naming each bad key.</exception>
    public static LakeSettings ReadSettings(string path)
    {
        Dictionary<string, string> config = ReadConfig(path);
        return SettingsReader.Read(StackName(path), key => config.GetValueOrDefault(key));
    }
}
