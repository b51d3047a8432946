namespace PipesLake.Blueprint.Tests;

/// <summary>The stack files in the repository are what users deploy: they must pass validation as shipped.</summary>
public sealed class StackFilesTests
{
    [TestCase("dev", false, 64)]
    [TestCase("prod", true, 128)]
    public void ShippedStackFile_IsValid(string stack, bool deletionProtection, int bufferSizeMiB)
    {
        LakeSettings settings = StackFile.ReadSettings(StackPath(stack));

        Assert.That(settings.TableName, Is.EqualTo($"pipeslake-{stack}-changes"));
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
