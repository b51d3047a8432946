using Pulumi;
using PipesLake.Blueprint;

namespace PipesLake.Infra;

/// <summary>Reads the stack's configuration once, through the blueprint's validating reader.</summary>
internal static class StackConfig
{
    /// <summary>The validated settings of the running stack.</summary>
    /// <exception cref="SettingsException">Naming every bad key; stops the preview before any resource.</exception>
    public static LakeSettings Read()
    {
        // A key the program does not know would be ignored and its default used: stop the preview, naming it.
        IReadOnlyList<string> unknown = SettingKeys.Unknown(
            PulumiConfigEnvironment.Keys(Environment.GetEnvironmentVariable(PulumiConfigEnvironment.Variable)), $"Pulumi.{Deployment.Instance.StackName}.yaml");
        if (unknown.Count > 0)
        {
            throw new SettingsException(unknown);
        }

        var configs = new Dictionary<string, Config>(StringComparer.Ordinal);
        return SettingsReader.Read(Deployment.Instance.StackName, key =>
        {
            int colon = key.IndexOf(':', StringComparison.Ordinal);
            string ns = key[..colon];
            if (!configs.TryGetValue(ns, out Config? config))
            {
                config = new Config(ns);
                configs.Add(ns, config);
            }

            return config.Get(key[(colon + 1)..]);
        });
    }
}
