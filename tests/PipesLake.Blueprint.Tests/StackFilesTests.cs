namespace PipesLake.Blueprint.Tests;

/// <summary>The stack files in the repository are what users deploy: they must pass validation as shipped.</summary>
public sealed class StackFilesTests
{
    [TestCase("dev", false, 64)]
    [TestCase("prod", true, 128)]
    public void ShippedStackFile_IsValid(string stack, bool deletionProtection, int bufferSizeMiB)
    {
        LakeSettings settings = StackFile.ReadSettings(StackPath(stack));

        // Two tables: orders, which the stack creates, and inventory, which exists, with its own attributes and columns.
        Assert.That(settings.Tables.Select(t => (t.Name, t.Existing, t.DeletionProtection)), Is.EqualTo(new[] { ("orders", false, deletionProtection), ("inventory", true, deletionProtection) }));
        Assert.That((settings.Tables[1].SiteAttribute, settings.Tables[1].TimeAttribute, string.Join(",", settings.Tables[1].Columns.Select(c => $"{c.JsonKey}:{c.Type}"))), Is.EqualTo(("warehouseId", "createdAt", "sku:string,quantity:int")));
        Assert.That((settings.DeletionProtection, settings.BufferSizeMiB), Is.EqualTo((deletionProtection, bufferSizeMiB)));
    }

    [Test]
    public void StackFiles_UseOnlyKnownKeys()
    {
        string[] known = typeof(SettingKeys).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();

        foreach (string stack in new[] { "dev", "prod" })
        {
            Assert.That(ReadStackFile(stack).Keys, Is.SubsetOf(known), stack);
        }
    }

    [Test]
    public void ReadConfig_TakesPulumisYaml_AndSkipsNestedValuesOfOtherNamespaces()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("pipeslake-stackfile-").FullName, "Pulumi.dev.yaml");
        File.WriteAllText(file, """
            encryptionsalt: v1:abc
            # a comment
            config:
              aws:region: eu-west-1 # the region
              aws:assumeRole:
                roleArn: arn:aws:iam::123456789012:role/x
              pipeslake:tableName: 'it''s'
              pipeslake:alarmEmail: "ops@example.com"
            """);

        Assert.That(StackFile.ReadConfig(file), Is.EqualTo(new Dictionary<string, string>
        {
            ["aws:region"] = "eu-west-1",
            ["pipeslake:tableName"] = "it's",
            ["pipeslake:alarmEmail"] = "ops@example.com",
        }));
    }

    [Test]
    public void ReadConfig_RefusesANestedPipesLakeValue()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("pipeslake-stackfile-").FullName, "Pulumi.dev.yaml");
        File.WriteAllText(file, "config:\n  pipeslake:tableName:\n    name: x\n");

        Assert.That(() => StackFile.ReadConfig(file), Throws.TypeOf<SettingsException>().With.Message.EqualTo("Pulumi.dev.yaml line 2: pipeslake:tableName has a nested value; PipesLake settings are plain values, all but pipeslake:tables, a list of tables."));
    }

    [Test]
    public void Read_KeepsASecretApart_AsPulumiWritesIt()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("pipeslake-stackfile-").FullName, "Pulumi.dev.yaml");
        File.WriteAllText(file, "config:\n  aws:region: eu-west-1\n  pipeslake:alarmEmail:\n    secure: v1:xyz\n");

        StackConfig config = StackFile.Read(file);

        Assert.That(config.Values, Is.EqualTo(new Dictionary<string, string> { ["aws:region"] = "eu-west-1" }));
        Assert.That(config.Secrets, Is.EqualTo(new[] { "pipeslake:alarmEmail" }));
        Assert.That(StackFile.ReadSettings(file).AlarmEmail, Is.Null, "only the deployment reads it: unset offline");
    }

    [TestCase("pipeslake:bufferSizeMib", "pipeslake:bufferSizeMiB")]
    [TestCase("pipeslake:tablename", "pipeslake:tableName")]
    [TestCase("pipeslake:site", "pipeslake:sites")]
    public void Closest_NamesTheKnownKeyAMisspellingMeant(string misspelt, string meant) =>
        Assert.That(SettingKeys.Closest(misspelt), Is.EqualTo(meant));

    private static Dictionary<string, string> ReadStackFile(string stack) => StackFile.ReadConfig(StackPath(stack));

    internal static string StackPath(string stack)
    {
        string root = TestContext.CurrentContext.TestDirectory;
        while (!File.Exists(Path.Combine(root, "Pulumi.yaml")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Pulumi.yaml not found above the test directory.");
        }

        return Path.Combine(root, $"Pulumi.{stack}.yaml");
    }
}
