using Pulumi;
using PipesLake.Blueprint;

namespace PipesLake.Infra;

/// <summary>What every component needs: the settings, derived names, the account, and the stack's key.</summary>
/// <param name="Settings">The validated settings.</param>
/// <param name="Aws">Partition, account and region, resolved once.</param>
/// <param name="KeyArn">The stack's customer-managed key; every resource encrypts with it.</param>
internal sealed record LakeContext(LakeSettings Settings, Output<AwsContext> Aws, Output<string> KeyArn)
{
    public LakeNames Names { get; } = new(Settings.Stack);

    public InputMap<string> Tags => ResourceTags.For(Settings);
}
