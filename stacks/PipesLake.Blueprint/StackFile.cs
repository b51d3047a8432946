using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PipesLake.Blueprint;

/// <summary>
/// Reads the <c>config:</c> map of a <c>Pulumi.&lt;stack&gt;.yaml</c> file, so tools can use a stack's settings
/// without Pulumi. The file is YAML (YamlDotNet reads it): plain and quoted values, comments, secrets
/// (<c>secure: v1:…</c>, what <c>pulumi config set --secret</c> writes) and nested values of other namespaces, which
/// are skipped. A problem is refused with its line, never guessed at.
/// </summary>
public static class StackFile
{
    /// <summary>The stack name of <c>Pulumi.&lt;stack&gt;.yaml</c>.</summary>
    public static string StackName(string path) =>
        Path.GetFileName(path) is { } name && name.StartsWith("Pulumi.", StringComparison.Ordinal) && name.EndsWith(".yaml", StringComparison.Ordinal)
            ? name["Pulumi.".Length..^".yaml".Length]
            : throw new ArgumentException($"'{path}' is not named Pulumi.<stack>.yaml.", nameof(path));

    /// <summary>The plain configuration values by full key (<c>pipeslake:tableName</c>); secrets are left out.</summary>
    /// <exception cref="SettingsException">Not YAML, a duplicate key, a nested PipesLake value, or no <c>config:</c>: naming the line.</exception>
    public static Dictionary<string, string> ReadConfig(string path) => new(Read(path).Values, StringComparer.Ordinal);

    /// <summary>The configuration: plain values by full key, and the keys whose value is a secret.</summary>
    /// <exception cref="SettingsException">Not YAML, a duplicate key, a nested PipesLake value, or no <c>config:</c>: naming the line.</exception>
    public static StackConfig Read(string path)
    {
        string file = Path.GetFileName(path);
        var yaml = new YamlStream();
        try
        {
            using StreamReader reader = File.OpenText(path);
            yaml.Load(reader);
        }
        catch (YamlException e)
        {
            string problem = e.Message.StartsWith("Duplicate key ", StringComparison.Ordinal)
                ? $"{e.Message["Duplicate key ".Length..]} is set twice."
                : $"not valid YAML ({char.ToLowerInvariant(e.Message[0])}{e.Message[1..].TrimEnd('.')}).";
            throw new SettingsException($"{file} line {e.Start.Line}: {problem}", e);
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("config"), out YamlNode? block))
        {
            throw new SettingsException($"{file} has no config: block.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var secrets = new List<string>();
        if (block is YamlScalarNode { Value: null or "" })
        {
            return new StackConfig(values, secrets);
        }

        if (block is not YamlMappingNode settings)
        {
            throw new SettingsException($"{file} line {block.Start.Line}: config: must be followed by one 'namespace:key: value' line per setting.");
        }

        foreach ((YamlNode keyNode, YamlNode value) in settings.Children)
        {
            string Problem(string what) => $"{file} line {keyNode.Start.Line}: {what}";
            if (keyNode is not YamlScalarNode { Value: { } key } || key.IndexOf(':', StringComparison.Ordinal) is <= 0 || key.EndsWith(':'))
            {
                throw new SettingsException(Problem("not a 'namespace:key: value' setting under config:."));
            }

            bool ours = key.StartsWith(SettingKeys.Project + ":", StringComparison.Ordinal) || key == SettingKeys.Region;
            switch (value)
            {
                case YamlMappingNode { Children.Count: 1 } secure when secure.Children.ContainsKey(new YamlScalarNode("secure")):
                    secrets.Add(key);
                    break;
                case YamlScalarNode { Value: null or "", Style: ScalarStyle.Plain } when ours:
                    throw new SettingsException(Problem($"{key} has no value."));
                case YamlScalarNode scalar:
                    values[key] = scalar.Value ?? string.Empty;
                    break;
                case YamlSequenceNode or YamlMappingNode when key == SettingKeys.Tables:
                    // Structured config: the program gets it as JSON (Pulumi's Config.Get), and so do the tools.
                    values[key] = Json(value);
                    break;
                case var _ when ours:
                    throw new SettingsException(Problem($"{key} has a nested value; PipesLake settings are plain values, all but {SettingKeys.Tables}, a list of tables."));
                default:
                    // A nested value of another namespace (aws:assumeRole, a provider's object): not PipesLake's.
                    break;
            }
        }

        return new StackConfig(values, secrets);
    }

    /// <summary>
    /// A structured value as JSON, as Pulumi hands it to the program: plain <c>true</c>/<c>false</c> and whole numbers as
    /// such, every other scalar (and every quoted one) as a string, <c>~</c> or nothing as null.
    /// </summary>
    private static string Json(YamlNode node)
    {
        using var text = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(text))
        {
            Write(node, writer);
        }

        return System.Text.Encoding.UTF8.GetString(text.ToArray());
    }

    private static void Write(YamlNode node, System.Text.Json.Utf8JsonWriter writer)
    {
        switch (node)
        {
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (YamlNode item in sequence.Children)
                {
                    Write(item, writer);
                }

                writer.WriteEndArray();
                break;
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach ((YamlNode key, YamlNode value) in mapping.Children)
                {
                    writer.WritePropertyName(((YamlScalarNode)key).Value ?? string.Empty);
                    Write(value, writer);
                }

                writer.WriteEndObject();
                break;
            case YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" }:
                writer.WriteNullValue();
                break;
            case YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } flag:
                writer.WriteBooleanValue(flag.Value == "true");
                break;
            case YamlScalarNode { Style: ScalarStyle.Plain, Value: { } digits } when long.TryParse(digits, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long number):
                writer.WriteNumberValue(number);
                break;
            case YamlScalarNode scalar:
                writer.WriteStringValue(scalar.Value);
                break;
        }
    }

    /// <summary>
    /// The validated settings of a stack file; a <c>pipeslake:</c> key the program does not know is refused. A secret is
    /// taken as unset when only the deployment reads it (<see cref="SettingKeys.DeployOnly"/>, e.g. the alarm e-mail),
    /// and refused, naming the key, when the tools need its value.
    /// </summary>
    /// <exception cref="SettingsException">Naming each bad key.</exception>
    public static LakeSettings ReadSettings(string path)
    {
        StackConfig config = Read(path);
        string file = Path.GetFileName(path);
        List<string> problems = [.. SettingKeys.Unknown(config.Values.Keys.Concat(config.Secrets), file)];
        problems.AddRange(config.Secrets
            .Where(k => (k == SettingKeys.Region || k.StartsWith(SettingKeys.Project + ":", StringComparison.Ordinal)) && SettingKeys.All.Contains(k) && !SettingKeys.DeployOnly.Contains(k))
            .Order(StringComparer.Ordinal)
            .Select(k => $"{k} in {file} is a secret, and the tools need its value; set it with `pulumi config set {k} <value>` (without --secret)."));
        if (problems.Count > 0)
        {
            throw new SettingsException(problems);
        }

        return SettingsReader.Read(StackName(path), key => config.Values.GetValueOrDefault(key));
    }
}
