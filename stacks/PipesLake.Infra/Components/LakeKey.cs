using Pulumi;
using Pulumi.Aws.Kms;
using KmsAlias = Pulumi.Aws.Kms.Alias;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>The one customer-managed key that encrypts the table, bucket, delivery stream, queue and logs.</summary>
internal sealed class LakeKey : ComponentResource
{
    public LakeKey(string name, LakeKeyArgs args, ComponentResourceOptions? options = null)
        : base("pipeslake:lake:Key", name, options)
    {
        var names = new LakeNames(args.Settings.Stack);
        var key = new Key($"{name}-key", new KeyArgs
        {
            Description = $"PipesLake {args.Settings.Stack}: table, stream, lake, queue and logs",
            EnableKeyRotation = true,
            DeletionWindowInDays = 30,
            Policy = args.Aws.Apply(aws => LakePolicies.KeyPolicy(aws, names).ToJson()),
            Tags = ResourceTags.For(args.Settings),
        }, new CustomResourceOptions { Parent = this });
        _ = new KmsAlias($"{name}-alias", new AliasArgs
        {
            Name = names.KeyAlias,
            TargetKeyId = key.KeyId,
        }, ChildOptions.Named(this));

        Arn = key.Arn;
        RegisterOutputs(new Dictionary<string, object?> { ["arn"] = Arn });
    }

    /// <summary>The key's ARN.</summary>
    public Output<string> Arn { get; }
}
