using Pulumi;
using Pulumi.Aws.Athena;
using Pulumi.Aws.Athena.Inputs;
using Pulumi.Aws.Iam;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>
/// The Athena workgroup <c>pipeslake-&lt;stack&gt;</c> (engine v3, enforced, results encrypted with the stack's key
/// under <c>athena-results/</c>, a scan cutoff, CloudWatch metrics), shared by every table (whose saved queries
/// <see cref="TableCatalog"/> adds), and the managed reader policy that runs queries there and nothing more.
/// </summary>
internal sealed class LakeQueries : ComponentResource
{
    private const long BytesPerMiB = 1024 * 1024;

    public LakeQueries(string name, LakeQueriesArgs args, ComponentResourceOptions? options = null)
        : base("pipeslake:lake:Queries", name, options)
    {
        LakeContext lake = args.Lake;
        LakeSettings settings = lake.Settings;
        var workgroup = new Workgroup($"{name}-workgroup", new WorkgroupArgs
        {
            Name = lake.Names.Prefix,
            Description = $"PipesLake {settings.Stack}: queries of the lake",
            ForceDestroy = !settings.DeletionProtection,
            Configuration = new WorkgroupConfigurationArgs
            {
                EnforceWorkgroupConfiguration = true,
                PublishCloudwatchMetricsEnabled = true,
                BytesScannedCutoffPerQuery = checked((int)(settings.QueryCutoffMiB * BytesPerMiB)),
                EngineVersion = new WorkgroupConfigurationEngineVersionArgs { SelectedEngineVersion = "Athena engine version 3" },
                ResultConfiguration = new WorkgroupConfigurationResultConfigurationArgs
                {
                    OutputLocation = Output.Format($"s3://{args.BucketName}/{LakePolicies.QueryResultsRoot}"),
                    EncryptionConfiguration = new WorkgroupConfigurationResultConfigurationEncryptionConfigurationArgs
                    {
                        EncryptionOption = "SSE_KMS",
                        KmsKeyArn = lake.KeyArn,
                    },
                },
            },
            Tags = lake.Tags,
        }, ChildOptions.Named(this));

        var reader = new Policy($"{name}-reader", new PolicyArgs
        {
            Name = $"{lake.Names.Prefix}-lake-reader",
            Description = $"Run queries in the {lake.Names.Prefix} Athena workgroup over the PipesLake {settings.Stack} lake, and nothing more.",
            PolicyDocument = Output.Tuple(lake.Aws, workgroup.Arn, args.BucketArn, lake.KeyArn).Apply(t =>
                LakePolicies.ReaderPolicy(t.Item1, new ReaderPolicyArns(t.Item2, QueryTables.Database(settings.Stack), t.Item3, t.Item4)).ToJson()),
            Tags = lake.Tags,
        }, ChildOptions.Named(this));

        WorkgroupName = workgroup.Name;
        ReaderPolicyArn = reader.Arn;
        RegisterOutputs(new Dictionary<string, object?> { ["workgroupName"] = WorkgroupName, ["readerPolicyArn"] = ReaderPolicyArn });
    }

    /// <summary>The workgroup's name.</summary>
    public Output<string> WorkgroupName { get; }

    /// <summary>The managed reader policy's ARN.</summary>
    public Output<string> ReaderPolicyArn { get; }
}
