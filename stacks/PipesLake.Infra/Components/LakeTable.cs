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
        }, new CustomResourceOptions { Parent = this });

        TableName = table.Name;
        StreamArn = table.StreamArn;
        RegisterOutputs(new Dictionary<string, object?> { ["tableName"] = TableName, ["streamArn"] = StreamArn });
    }

    /// <summary>The table's name.</summary>
    public Output<string> TableName { get; }

    /// <summary>The table's stream, the pipe's source.</summary>
    public Output<string> StreamArn { get; }
}
