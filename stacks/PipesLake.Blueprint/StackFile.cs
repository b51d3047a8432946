using System.Text.RegularExpressions;

namespace PipesLake.Blueprint;

/// <summary>
/// Reads the <c>config:</c> map of a <c>Pulumi.&lt;stack&gt;.yaml</c> file, so tools can use a stack's settings
/// without Pulumi. It reads the YAML Pulumi writes there: <c>  namespace:key: value</c> lines with plain,
/// single- or double-quoted values, comments, and nested values (secrets, objects) of other namespaces, which
/// it skips. Anything else is refused with its line, never guessed at.
/// </summary>
public static partial class StackFile
{
    /// <summary>The stack name of <c>Pulumi.&lt;stack&gt;.yaml</c>.</summary>
    public static string StackName(string path) =>
        Path.GetFileName(path) is { } name && name.StartsWith("Pulumi.", StringComparison.Ordinal) && name.EndsWith(".yaml", StringComparison.Ordinal)
            ? name["Pulumi.".Length..^".yaml".Length]
            : throw new ArgumentException($"'{path}' is not named Pulumi.<stack>.yaml.", nameof(path));

    /// <summary>The configuration values by full key (<c>pipeslake:tableName</c>).</summary>
    /// <exception cref="SettingsException">A line that is not such YAML, a duplicate key, or no <c>config:</c>: naming the line.</exception>
    public static Dictionary<string, string> ReadConfig(string path)
    {
        var config = new Dictionary<string, string>(StringComparer.Ordinal);
        string file = Path.GetFileName(path);
        bool inConfig = false, sawConfig = false, inNested = false;
        string[] lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            string Problem(string what) => $"{file} line {i + 1}: {what}";
            if (line.TrimStart(' ').Length == 0 || line.TrimStart(' ').StartsWith('#'))
            {
                continue;
            }

            if (line.Contains('\t', StringComparison.Ordinal))
            {
                throw new SettingsException(Problem("a tab; YAML indents with spaces."));
            }

            int indent = line.Length - line.TrimStart(' ').Length;
            if (indent == 0)
            {
                Match top = TopLevel().Match(line);
                if (!top.Success)
                {
                    throw new SettingsException(Problem("not a 'key: value' line."));
                }

                inConfig = top.Groups["key"].Value == "config";
                sawConfig |= inConfig;
                inNested = false;
                if (inConfig && top.Groups["value"].Value.Trim() is { Length: > 0 } inline && inline != "{}")
                {
                    throw new SettingsException(Problem("config: must be followed by one 'namespace:key: value' line per setting."));
                }

                continue;
            }

            if (!inConfig)
            {
                continue;
            }

            if (indent > 2 && inNested)
            {
                continue;
            }

            Match setting = Setting().Match(line);
            if (indent != 2 || !setting.Success)
            {
                throw new SettingsException(Problem("not a '  namespace:key: value' setting under config:."));
            }

            string key = setting.Groups["key"].Value;
            string raw = setting.Groups["value"].Value;
            if (raw.Length == 0 || raw.StartsWith('#'))
            {
                // A nested value: Pulumi's secure values and object values. PipesLake's settings are plain strings.
                inNested = true;
                if (key.StartsWith(SettingKeys.Project + ":", StringComparison.Ordinal))
                {
                    throw new SettingsException(Problem($"{key} has a nested value; PipesLake settings are plain values."));
                }

                continue;
            }

            inNested = false;
            string value = Scalar(raw) ?? throw new SettingsException(Problem($"the value of {key} is not a plain, 'single-quoted' or \"double-quoted\" YAML string."));
            if (!config.TryAdd(key, value))
            {
                throw new SettingsException(Problem($"{key} is set twice."));
            }
        }

        return sawConfig ? config : throw new SettingsException($"{file} has no config: block.");
    }

    /// <summary>The validated settings of a stack file; a <c>pipeslake:</c> key the program does not know is refused.</summary>
    /// <exception cref="SettingsException">Naming each bad key.</exception>
    public static LakeSettings ReadSettings(string path)
    {
        Dictionary<string, string> config = ReadConfig(path);
        IReadOnlyList<string> unknown = SettingKeys.Unknown(config.Keys, Path.GetFileName(path));
        if (unknown.Count > 0)
        {
            throw new SettingsException(unknown);
        }

        return SettingsReader.Read(StackName(path), key => config.GetValueOrDefault(key));
    }

    /// <summary>A YAML scalar as Pulumi writes one on a line: plain (with an optional comment), or quoted.</summary>
    private static string? Scalar(string raw)
    {
        if (raw.StartsWith('"'))
        {
            Match quoted = DoubleQuoted().Match(raw);
            return quoted.Success ? Regex.Replace(quoted.Groups["text"].Value, @"\\(.)", m => m.Groups[1].Value) : null;
        }

        if (raw.StartsWith('\''))
        {
            Match quoted = SingleQuoted().Match(raw);
            return quoted.Success ? quoted.Groups["text"].Value.Replace("''", "'", StringComparison.Ordinal) : null;
        }

        int comment = raw.IndexOf(" #", StringComparison.Ordinal);
        string plain = (comment >= 0 ? raw[..comment] : raw).TrimEnd();
        return "[]{}&*!|>%@`".Contains(plain[0], StringComparison.Ordinal) || plain.Contains(": ", StringComparison.Ordinal) || plain.EndsWith(':') ? null : plain;
    }

    [GeneratedRegex(@"^(?<key>[A-Za-z_][A-Za-z0-9_.-]*):(?: (?<value>.*))?$")]
    private static partial Regex TopLevel();

    [GeneratedRegex(@"^  (?<key>[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+):(?: +(?<value>.*?))? *$")]
    private static partial Regex Setting();

    [GeneratedRegex(@"^""(?<text>(?:[^""\\]|\\.)*)""(?: +#.*)? *$")]
    private static partial Regex DoubleQuoted();

    [GeneratedRegex(@"^'(?<text>(?:[^']|'')*)'(?: +#.*)? *$")]
    private static partial Regex SingleQuoted();
}
