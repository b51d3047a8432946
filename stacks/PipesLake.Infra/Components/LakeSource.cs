using Pulumi;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>
/// Everything of one DynamoDB table, its own failure domain: the table (created, or looked up when it exists), its
/// query layer, its delivery stream, its pipe with its dead-letter queue and roles, and its alarms. Named after the
/// table's id, so adding or removing a table changes no other table's resources.
/// </summary>
internal sealed class LakeSource : ComponentResource
{
    public LakeSource(string name, LakeSourceArgs args, ComponentResourceOptions? options = null)
        : base("pipeslake:lake:Source", name, options)
    {
        LakeContext lake = args.Lake;
        TableSettings table = args.Table;
        var child = new ComponentResourceOptions { Parent = this };
        Output<string> tableName, streamArn;
        Output<string?> streamKey;
        if (args.Existing is { } existing)
        {
            (tableName, streamArn, streamKey) = (Output.Create(existing.TableName), Output.Create(existing.StreamArn), Output.Create(existing.StreamKeyArn));
        }
        else
        {
            var created = new LakeTable($"{name}-table", new LakeTableArgs(lake, table), child);
            (tableName, streamArn, streamKey) = (created.TableName, created.StreamArn, created.StreamKeyArn.Apply(key => (string?)key));
        }

        var catalog = new TableCatalog($"{name}-catalog", new TableCatalogArgs(lake, table, args.BucketName, args.Database, args.WorkgroupName), child);
        var delivery = new LakeDeliveryStream($"{name}-delivery", new LakeDeliveryStreamArgs(lake, table, args.BucketArn, args.FunctionArn, catalog.ChangesTableName), child);
        var pipe = new LakePipe($"{name}-pipe", new LakePipeArgs(lake, table, streamArn, tableName, streamKey, delivery.Arn), child);
        var alarms = new TableAlarms($"{name}-alarms", new TableAlarmsArgs(lake, table, args.TopicArn), child);

        StreamArn = streamArn;
        DeliveryStreamName = delivery.StreamName;
        PipeName = pipe.PipeName;
        DeadLetterQueueUrl = pipe.DeadLetterQueueUrl;
        AlarmArns = alarms.AlarmArns;
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["streamArn"] = StreamArn,
            ["deliveryStreamName"] = DeliveryStreamName,
            ["pipeName"] = PipeName,
            ["deadLetterQueueUrl"] = DeadLetterQueueUrl,
        });
    }

    /// <summary>The table's stream, the pipe's source.</summary>
    public Output<string> StreamArn { get; }

    /// <summary>The table's delivery stream.</summary>
    public Output<string> DeliveryStreamName { get; }

    /// <summary>The table's pipe.</summary>
    public Output<string> PipeName { get; }

    /// <summary>Where the table's pipe puts the batches it gave up on.</summary>
    public Output<string> DeadLetterQueueUrl { get; }

    /// <summary>The table's alarms, for the dashboard.</summary>
    public IReadOnlyList<Output<string>> AlarmArns { get; }
}
