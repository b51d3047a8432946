using Pulumi;
using Pulumi.Aws.DynamoDB;
using Pulumi.Aws.DynamoDB.Inputs;

namespace PipesLake.Infra.Components;

/// <summary>The source table: on demand, streaming both images, recoverable to any second, encrypted with the stack's key.</summary>
internal sealed class LakeTable : ComponentResource
{
    public LakeTable(string name, LakeTableArgs args, ComponentResourceOptions? options = null)
        : base("pipeslake:lake:Table", name, options)
    {
        var table = new Table($"{name}-table", new TableArgs
        {
            Name = args.Lake.Settings.TableName,
            BillingMode = "PAY_PER_REQUEST",
            HashKey = "id",
            Attributes = { new TableAttributeArgs { Name = "id", Type = "S" } },
            StreamEnabled = true,
            StreamViewType = "NEW_AND_OLD_IMAGES",
            PointInTimeRecovery = new TablePointInTimeRecoveryArgs { Enabled = true },
            ServerSideEncryption = new TableServerSideEncryptionArgs { Enabled = true, KmsKeyArn = args.Lake.KeyArn },
            DeletionProtectionEnabled = args.Lake.Settings.DeletionProtection,
            Tags = args.Lake.Tags,
        }, Options(this, args.Lake.Settings.DeletionProtection));

        TableName = table.Name;
        StreamArn = table.StreamArn;
        RegisterOutputs(new Dictionary<string, object?> { ["tableName"] = TableName, ["streamArn"] = StreamArn });
    }

    /// <summary>
    /// The table holds the data, so it is never replaced silently. With deletion protection (prod) it is
    /// also protected: a change that would replace or delete it stops the update before anything happens
    /// (see docs/operations.md, "Changes that replace a resource"). Without (dev), it is deleted before its
    /// replacement is created, as every named resource is.
    /// </summary>
    private static CustomResourceOptions Options(Resource parent, bool protect) =>
        protect ? new CustomResourceOptions { Parent = parent, Protect = true } : ChildOptions.Named(parent);

    /// <summary>The table's name.</summary>
    public Output<string> TableName { get; }

    /// <summary>The table's stream, the pipe's source.</summary>
    public Output<string> StreamArn { get; }
}
