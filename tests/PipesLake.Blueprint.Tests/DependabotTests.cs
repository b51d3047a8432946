using System.Text.RegularExpressions;
using System.Xml.Linq;
using YamlDotNet.RepresentationModel;

namespace PipesLake.Blueprint.Tests;

/// <summary>
/// <c>.github/dependabot.yml</c> covers everything the repository pins, one pull request per family. Its schema is
/// checked by ci.yml's lint job (SchemaStore's dependabot-2.0, which needs the network); these rules are the
/// repository's own: a package added to <c>Directory.Packages.props</c> without a family fails here, not in a stray
/// pull request. Group patterns match as Dependabot documents them ("Dependabot options reference", groups:
/// <c>patterns</c>, where <c>*</c> matches any run of characters).
/// </summary>
public sealed class DependabotTests
{
    private static readonly string s_root = Path.GetDirectoryName(StackFilesTests.StackPath("dev"))!;
    private static readonly YamlMappingNode s_document = Document();
    private static readonly YamlSequenceNode s_updates = (YamlSequenceNode)s_document["updates"];

    [Test]
    public void File_IsDependabotsVersion2() => Assert.That(Scalar(s_document, "version"), Is.EqualTo("2"));

    [Test]
    public void EveryPinnedNuGetPackage_BelongsToExactlyOneGroup()
    {
        string[] pinned = [.. XDocument.Load(Path.Combine(s_root, "Directory.Packages.props")).Descendants("PackageVersion").Select(p => (string)p.Attribute("Include")!)];
        Dictionary<string, string[]> groups = Groups(Entry("nuget"));

        Assert.That(pinned, Has.Length.GreaterThan(10));
        foreach (string package in pinned)
        {
            Assert.That(groups.Where(g => g.Value.Any(pattern => Matches(pattern, package))).Select(g => g.Key), Has.Exactly(1).Items, package);
        }
    }

    [Test]
    public void TheFamiliesTheIssueNames_AreEachOneGroup()
    {
        Dictionary<string, string[]> groups = Groups(Entry("nuget"));

        Assert.That(Family(groups, "AWSSDK.S3", "AWSSDK.Core"), Is.EqualTo("aws-sdk"));
        Assert.That(Family(groups, "Pulumi", "Pulumi.Aws"), Is.EqualTo("pulumi"));
        Assert.That(Family(groups, "Amazon.Lambda.Core", "Amazon.Lambda.TestUtilities"), Is.EqualTo("aws-lambda"));
        Assert.That(Family(groups, "NUnit", "NUnit.Analyzers", "NUnit3TestAdapter", "Microsoft.NET.Test.Sdk"), Is.EqualTo("test-stack"));
    }

    [TestCase("nuget", "/", "Directory.Packages.props")]
    [TestCase("dotnet-sdk", "/", "global.json")]
    [TestCase("github-actions", "/", ".github/workflows/ci.yml")]
    [TestCase("npm", "/.ci/tools", "package.json")]
    [TestCase("pip", "/scripts", "requirements-s3-tests.txt")]
    public void EachEcosystem_ReadsTheFileThatPinsIt_Weekly(string ecosystem, string directory, string file)
    {
        YamlMappingNode entry = Entry(ecosystem);

        Assert.That(Scalar(entry, "directory"), Is.EqualTo(directory));
        Assert.That(File.Exists(Path.Combine(s_root, directory.TrimStart('/'), file)), Is.True, file);
        Assert.That(Scalar((YamlMappingNode)entry["schedule"], "interval"), Is.EqualTo("weekly"));
    }

    [Test]
    public void EveryNpmToolCiRuns_IsPinnedInCiTools()
    {
        string run = File.ReadAllText(Path.Combine(s_root, ".ci", "run"));
        string pins = File.ReadAllText(Path.Combine(s_root, ".ci", "tools", "package.json"));

        Assert.That(run, Does.Not.Contain("npm install").And.Not.Contain("npx "));
        Assert.That(Regex.Matches(run, @"\.ci/tools/node_modules/\.bin/([\w-]+)").Select(m => m.Groups[1].Value).Distinct(), Is.EqualTo(new[] { "action-validator" }));
        Assert.That(pins, Does.Contain("\"@action-validator/cli\": \"0.6.0\"").And.Contain("\"@bugron/validate-dependabot-yaml\": \"0.3.3\""));
    }

    [TestCase("AWSSDK.*", "AWSSDK.S3", true)]
    [TestCase("AWSSDK.*", "AWSSDK", false)]
    [TestCase("Pulumi", "Pulumi.Aws", false)]
    [TestCase("NUnit*", "NUnit3TestAdapter", true)]
    public void Patterns_MatchAsDependabotDocuments(string pattern, string package, bool matches) =>
        Assert.That(Matches(pattern, package), Is.EqualTo(matches));

    private static string? Family(Dictionary<string, string[]> groups, params string[] packages)
    {
        string[] families = [.. packages.Select(p => groups.Single(g => g.Value.Any(pattern => Matches(pattern, p))).Key).Distinct()];
        return families.Length == 1 ? families[0] : string.Join(",", families);
    }

    private static bool Matches(string pattern, string package) =>
        Regex.IsMatch(package, "^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$", RegexOptions.IgnoreCase);

    private static Dictionary<string, string[]> Groups(YamlMappingNode entry) =>
        ((YamlMappingNode)entry["groups"]).Children.ToDictionary(
            g => ((YamlScalarNode)g.Key).Value!,
            g => ((YamlSequenceNode)((YamlMappingNode)g.Value)["patterns"]).Children.Select(p => ((YamlScalarNode)p).Value!).ToArray());

    private static YamlMappingNode Entry(string ecosystem) =>
        s_updates.Children.Cast<YamlMappingNode>().Single(u => Scalar(u, "package-ecosystem") == ecosystem);

    private static string? Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value;

    private static YamlMappingNode Document()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(s_root, ".github", "dependabot.yml")))
        {
            yaml.Load(reader);
        }

        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }
}
