using System.Collections.Immutable;
using Pulumi;
using Pulumi.Testing;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Tests;

/// <summary>One mocked deployment of the stack, with helpers to read what was registered.</summary>
internal sealed record DeployedLake(ImmutableArray<Resource> Resources, IDictionary<string, object?> Outputs, LakeMocks Mocks)
{
    public static Task<DeployedLake> DeployAsync(string stack = "dev", params (string Key, string Value)[] config) =>
        DeployWithAsync(new LakeMocks(), stack, config);

    public static async Task<DeployedLake> DeployWithAsync(LakeMocks mocks, string stack, params (string Key, string Value)[] config)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { [SettingKeys.Region] = LakeMocks.Region };
        foreach ((string key, string value) in config)
        {
            values[key] = value;
        }

        var options = new TestOptions { IsPreview = false, ProjectName = SettingKeys.Project, StackName = stack };
        (ImmutableArray<Resource> resources, IDictionary<string, object?> outputs) = await Deployment.TestAsync(
            mocks,
            options,
            () => LakeProgram.Run(SettingsReader.Read(stack, key => values.GetValueOrDefault(key)), TestContext.CurrentContext.WorkDirectory));
        return new DeployedLake(resources, outputs, mocks);
    }

    /// <summary>The inputs of the only resource of a type.</summary>
    public ImmutableDictionary<string, object> Inputs(string type) => Mocks.Registered.Single(r => r.Type == type).Inputs;

    /// <summary>The inputs of every resource of a type.</summary>
    public IEnumerable<MockResourceArgs> All(string type) => Mocks.Registered.Where(r => r.Type == type);

    /// <summary>A nested input, e.g. <c>At(pipe, "sourceParameters", "dynamodbStreamParameters", "batchSize")</c>.</summary>
    public static object At(ImmutableDictionary<string, object> inputs, params string[] path)
    {
        object current = inputs;
        foreach (string step in path)
        {
            current = ((ImmutableDictionary<string, object>)current)[step];
        }

        return current;
    }
}
