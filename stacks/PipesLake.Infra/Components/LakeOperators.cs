using Pulumi;
using Pulumi.Aws.Iam;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>
/// The managed policy <c>pipeslake-&lt;stack&gt;-lake-operator</c>: exactly what <c>pipeslake-replay redrive</c> and
/// <c>backfill</c> need on the lake bucket and key, and <c>dlq</c> on the tables' streams
/// (<see cref="LakePolicies.OperatorPolicy"/>), to attach to whoever runs them.
/// </summary>
internal sealed class LakeOperators : ComponentResource
{
    public LakeOperators(string name, LakeOperatorsArgs args, ComponentResourceOptions? options = null)
        : base("pipeslake:lake:Operators", name, options)
    {
        LakeContext lake = args.Lake;
        var policy = new Policy($"{name}-policy", new PolicyArgs
        {
            Name = $"{lake.Names.Prefix}-lake-operator",
            // Unchanged since the policy first shipped: IAM cannot change a policy's description, so a new one would replace
            // the policy (deleted first, as every named resource: ReplacementTests), and IAM refuses to delete a policy
            // still attached to the operators who use it.
            Description = $"Redrive and backfill the PipesLake {lake.Settings.Stack} lake in its bucket with pipeslake-replay, and nothing more.",
            PolicyDocument = Output.Tuple(lake.Aws, args.BucketArn, lake.KeyArn).Apply(t => LakePolicies.OperatorPolicy(t.Item1, t.Item2, t.Item3, Streams(lake, args.Existing, t.Item3)).ToJson()),
            Tags = lake.Tags,
        }, ChildOptions.Named(this));

        PolicyArn = policy.Arn;
        RegisterOutputs(new Dictionary<string, object?> { ["policyArn"] = PolicyArn });
    }

    /// <summary>Each table's stream and its key: the stack's for a table it creates, an existing table's own (or none).</summary>
    private static OperatorStream[] Streams(LakeContext lake, IReadOnlyDictionary<string, ExistingTable> existing, string stackKey) =>
        [.. lake.Settings.Tables.Select(t => new OperatorStream(t.Name, existing.TryGetValue(t.Name, out ExistingTable? found) ? found.StreamKeyArn : stackKey))];

    /// <summary>The operator policy's ARN.</summary>
    public Output<string> PolicyArn { get; }
}
