using Pulumi;
using Pulumi.Aws.DynamoDB;
using Pulumi.Aws.DynamoDB.Inputs;

namespace PipesLake.Infra.Components;

/// <summary>A table the stack creates: on demand, streaming both images, recoverable to any second, encrypted with the stack's key.</summary>
internal sealed class LakeTable : ComponentResource
{
    public LakeTable(string name, LakeTableArgs args, ComponentResourceOptions? options = null)
        : base("pipeslake:lake:Table", name, options)
    {
        var table = new Table($"{name}-table", new TableArgs
        {
            Name = args.Table.Name,
            BillingMode = "PAY_PER_REQUEST",
            HashKey = "id",
            Attributes = { new TableAttributeArgs { Name = "id", Type = "S" } },
            StreamEnabled = true,
            StreamViewType = "NEW_AND_OLD_IMAGES",
            PointInTimeRecovery = new TablePointInTimeRecoveryArgs { Enabled = true },
            ServerSideEncryption = new TableServerSideEncryptionArgs { Enabled = true, KmsKeyArn = args.Lake.KeyArn },
            DeletionProtectionEnabled = args.Table.DeletionProtection,
            Tags = args.Lake.Tags,
        }, Options(this));

        TableName = table.Name;
        StreamArn = table.StreamArn;
        StreamKeyArn = args.Lake.KeyArn;
        RegisterOutputs(new Dictionary<string, object?> { ["tableName"] = TableName, ["streamArn"] = StreamArn });
    }

    /// <summary>
    /// The table holds the data: removing it from <c>pipeslake:tables</c>, or destroying the stack, leaves it in DynamoDB
    /// (retained: the stack forgets it and deletes only its pipe, queue, delivery stream, alarms and Glue entries). It is
    /// never deleted before a replacement either: a change that would replace it fails at the create, as its name is
    /// taken, and the update stops with the table in place (docs/operations.md, "Changes that replace a resource").
    /// </summary>
    private static CustomResourceOptions Options(Resource parent) => new() { Parent = parent, RetainOnDelete = true };

    /// <summary>The table's name.</summary>
    public Output<string> TableName { get; }

    /// <summary>The table's stream, the pipe's source.</summary>
    public Output<string> StreamArn { get; }

    /// <summary>The key the table and its stream are encrypted with: the stack's.</summary>
    public Output<string> StreamKeyArn { get; }
}
