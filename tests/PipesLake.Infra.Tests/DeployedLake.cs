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

    public static Task<DeployedLake> DeployWithAsync(LakeMocks mocks, string stack, params (string Key, string Value)[] config) =>
        DeployWithAsync(mocks, stack, options: null, config);

    /// <summary>
    /// Deploys and returns the resource options of every resource by its name, seen through a transformation
    /// the components pass on to their children (MockResourceArgs carries no options).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, ResourceOptions>> OptionsAsync(string stack, params (string Key, string Value)[] config)
    {
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, ResourceOptions>();
        var options = new ComponentResourceOptions
        {
            ResourceTransformations =
            {
                args =>
                {
                    seen[args.Resource.GetResourceName()] = args.Options;
                    return null;
                },
            },
        };
        _ = await DeployWithAsync(new LakeMocks(), stack, options, config);
        return seen;
    }

    /// <summary>
    /// The settings a test's deployment reads: the region, one table the stack creates (<c>orders</c>) unless the test
    /// lists its own, and the values named.
    /// </summary>
    public static LakeSettings Settings(string stack = "dev", params (string Key, string Value)[] config)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SettingKeys.Region] = LakeMocks.Region,
            [SettingKeys.Tables] = """[{"name":"orders"}]""",
        };
        foreach ((string key, string value) in config)
        {
            values[key] = value;
        }

        return SettingsReader.Read(stack, key => values.GetValueOrDefault(key));
    }

    private static async Task<DeployedLake> DeployWithAsync(LakeMocks mocks, string stack, ComponentResourceOptions? options, params (string Key, string Value)[] config)
    {
        var testOptions = new TestOptions { IsPreview = false, ProjectName = SettingKeys.Project, StackName = stack };
        (ImmutableArray<Resource> resources, IDictionary<string, object?> outputs) = await Deployment.TestAsync(
            mocks,
            testOptions,
            () => LakeProgram.RunAsync(Settings(stack, config), TestContext.CurrentContext.WorkDirectory, options));
        return new DeployedLake(resources, outputs, mocks);
    }

    /// <summary>The inputs of the only resource of a type.</summary>
    public ImmutableDictionary<string, object> Inputs(string type) => Mocks.Registered.Single(r => r.Type == type).Inputs;

    /// <summary>The inputs of the resource of a type with a name.</summary>
    public ImmutableDictionary<string, object> Inputs(string type, string name) => Mocks.Registered.Single(r => r.Type == type && r.Name == name).Inputs;

    /// <summary>The inputs of every resource of a type.</summary>
    public IEnumerable<MockResourceArgs> All(string type) => Mocks.Registered.Where(r => r.Type == type);

    /// <summary>A table's entry of the stack output <c>tables</c>, each value resolved.</summary>
    public static async Task<Dictionary<string, string>> TableOutputsAsync(DeployedLake lake, string table)
    {
        var entry = (IDictionary<string, object?>)((IDictionary<string, object?>)lake.Outputs["tables"]!)[table]!;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string key, object? value) in entry)
        {
            values[key] = value is Output<string> output ? await Pulumi.Utilities.OutputUtilities.GetValueAsync(output) : (string)value!;
        }

        return values;
    }

    /// <summary>A Glue table's columns as "name type", in order.</summary>
    public static string[] ColumnNames(object columns) =>
        [.. ((ImmutableArray<object>)columns).Cast<ImmutableDictionary<string, object>>().Select(c => $"{c["name"]} {c["type"]}")];

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
