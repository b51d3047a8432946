using System.Globalization;
using System.Text.Json;

namespace PipesLake.Blueprint.Tests;

/// <summary>
/// Pulumi.yaml's <c>config:</c> block declares every setting, so <c>pulumi config</c> and <c>pulumi preview</c> users
/// see them: it holds what Pulumi's project schema allows (pulumi/pulumi <c>sdk/go/common/workspace/project.json</c>,
/// <c>configTypeDeclaration</c>: <c>type</c> one of string, integer, boolean, array (and <c>object</c> from Pulumi 3.186); no
/// property but type, items, description, secret, default), each default of its type as Pulumi checks it
/// (<c>ValidateConfigValue</c> in the same package), and the same defaults <see cref="SettingsReader"/> applies. The list
/// of tables, which no type describes, is declared by its description alone.
/// </summary>
public sealed class ProjectConfigTests
{
    private static readonly string[] s_types = ["string", "integer", "boolean", "array"];
    private static readonly string[] s_properties = ["type", "items", "description", "secret", "default"];
    private static readonly Dictionary<string, Dictionary<string, string>> s_declared = Declarations();

    [Test]
    public void ConfigBlock_DeclaresEverySettingTheProgramReads_InItsOrder() =>
        Assert.That(s_declared.Keys, Is.EqualTo(SettingKeys.All.Where(k => k != SettingKeys.Region)));

    [Test]
    public void EveryDeclaration_IsAConfigTypeDeclarationOfPulumisSchema()
    {
        // The list of tables is declared without a type or default: the schema types no list of objects, and Pulumi checks
        // only a typed declaration's value (IsExplicitlyTyped, sdk/go/common/workspace/project.go).
        Assert.That(s_declared[SettingKeys.Tables].Keys, Is.EqualTo(new[] { "description" }));
        foreach ((string key, Dictionary<string, string> declaration) in s_declared.Where(d => d.Key != SettingKeys.Tables))
        {
            Assert.That(declaration.Keys, Is.SubsetOf(s_properties), key);
            Assert.That(declaration.GetValueOrDefault("type"), Is.AnyOf(s_types), key);
            Assert.That(declaration.GetValueOrDefault("description"), Does.StartWith("\"").And.Length.GreaterThan(10), key);
            Assert.That(declaration.ContainsKey("default"), key);
            Assert.That(Fits(declaration["type"], declaration["default"]), Is.True, $"{key}: default {declaration["default"]} is not a {declaration["type"]}");
        }
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public void EveryDeclaredDefault_IsWhatTheProgramAppliesWhenTheKeyIsUnset(string stack)
    {
        string unset = JsonSerializer.Serialize(Settings.Read(stack));
        foreach ((string key, Dictionary<string, string> declaration) in s_declared.Where(d => d.Key != SettingKeys.Tables))
        {
            string value = Unquote(declaration["default"]);

            Assert.That(JsonSerializer.Serialize(Settings.Read(stack, (key, value))), Is.EqualTo(unset), $"{key}: {value}");
        }
    }

    [Test]
    public void AKeyThePulumiProgramDoesNotKnow_IsNamedWithTheClosestKnownOne()
    {
        string config = """{"aws:region":"eu-west-1","pipeslake:bufferSizeMib":"64","pipeslake:config:tableName":"t","other:x":"1"}""";

        Assert.That(PulumiConfigEnvironment.Keys(config), Is.EqualTo(new[] { "aws:region", "pipeslake:bufferSizeMib", "pipeslake:tableName", "other:x" }));
        Assert.That(SettingKeys.Unknown(PulumiConfigEnvironment.Keys(config), "Pulumi.dev.yaml"),
            Is.EqualTo(new[] { "pipeslake:bufferSizeMib in Pulumi.dev.yaml is not a PipesLake setting; did you mean pipeslake:bufferSizeMiB?" }));
        Assert.That(PulumiConfigEnvironment.Keys(null), Is.Empty);
    }

    /// <summary>Pulumi's ValidateConfigValue: a string; an integer, or text strconv.Atoi takes; true or false.</summary>
    private static bool Fits(string type, string yaml) => type switch
    {
        "string" => yaml.StartsWith('"') && yaml.EndsWith('"'),
        "integer" => int.TryParse(yaml, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        "boolean" => yaml is "true" or "false",
        _ => false,
    };

    private static string Unquote(string yaml) => yaml.StartsWith('"') ? JsonSerializer.Deserialize<string>(yaml)! : yaml;

    /// <summary>The block as Pulumi.yaml writes it: two-space keys, four-space properties, one plain or JSON-quoted value each.</summary>
    private static Dictionary<string, Dictionary<string, string>> Declarations()
    {
        string path = Path.Combine(Path.GetDirectoryName(StackFilesTests.StackPath("dev"))!, "Pulumi.yaml");
        var declared = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        bool inConfig = false;
        foreach (string line in File.ReadLines(path))
        {
            if (line.TrimStart().StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            if (!line.StartsWith(' '))
            {
                inConfig = line == "config:";
                continue;
            }

            if (!inConfig)
            {
                continue;
            }

            if (line.StartsWith("    ", StringComparison.Ordinal))
            {
                int colon = line.IndexOf(": ", StringComparison.Ordinal);
                current!.Add(line[4..colon], line[(colon + 2)..]);
            }
            else
            {
                current = [];
                declared.Add(line.Trim().TrimEnd(':'), current);
            }
        }

        return declared;
    }
}
