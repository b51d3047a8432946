namespace PipesLake.Replay.Tests;

/// <summary>The checkout the tests run in: its stack files and docs are what users read.</summary>
internal static class Repository
{
    /// <summary>The folder holding Pulumi.yaml, above the test binaries.</summary>
    public static string Root()
    {
        string root = TestContext.CurrentContext.TestDirectory;
        while (!File.Exists(Path.Combine(root, "Pulumi.yaml")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Pulumi.yaml not found above the test directory.");
        }

        return root;
    }
}
