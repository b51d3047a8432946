using Pulumi;
using Pulumi.Testing;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Tests;

/// <summary>The program's own reading of the stack's configuration, through the variable the language host sets.</summary>
[NonParallelizable]
public sealed class StackConfigTests
{
    [Test]
    public async Task Config_AMisspeltKeyStopsThePreviewNamingTheClosestKnownKey()
    {
        Environment.SetEnvironmentVariable(PulumiConfigEnvironment.Variable, """{"aws:region":"eu-west-1","pipeslake:bufferSizeMib":"64"}""");
        try
        {
            var options = new TestOptions { IsPreview = true, ProjectName = SettingKeys.Project, StackName = "dev" };
            Exception? error = null;
            try
            {
                await Deployment.TestAsync(new LakeMocks(), options, () => LakeProgram.RunAsync(StackConfig.Read(), TestContext.CurrentContext.WorkDirectory));
            }
            catch (Exception e)
            {
                error = e;
            }

            Assert.That(error?.ToString(), Does.Contain("pipeslake:bufferSizeMib in Pulumi.dev.yaml is not a PipesLake setting; did you mean pipeslake:bufferSizeMiB?"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(PulumiConfigEnvironment.Variable, null);
        }
    }

    [Test]
    public async Task Config_KnownKeysFromTheHostAreRead()
    {
        Environment.SetEnvironmentVariable(PulumiConfigEnvironment.Variable, """{"aws:region":"eu-west-1","pipeslake:bufferSizeMiB":"128","pipeslake:format":"parquet"}""");
        try
        {
            var options = new TestOptions { IsPreview = true, ProjectName = SettingKeys.Project, StackName = "dev" };
            LakeSettings? read = null;
            await Deployment.TestAsync(new LakeMocks(), options, () =>
            {
                read = StackConfig.Read();
                return new Dictionary<string, object?>();
            });

            Assert.That((read!.BufferSizeMiB, read.Format, read.Compression), Is.EqualTo((128, LakeFormat.Parquet, "UNCOMPRESSED")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(PulumiConfigEnvironment.Variable, null);
        }
    }
}
