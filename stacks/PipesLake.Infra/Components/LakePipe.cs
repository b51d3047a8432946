using Pulumi;
using Pulumi.Aws.Pipes;
using Pulumi.Aws.Pipes.Inputs;
using Pulumi.Aws.Sqs;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>
/// A table's EventBridge Pipe from its stream to its delivery stream, with the blueprint's filter and template
/// (the table's partitioning rules in it), its own encrypted dead-letter queue and role, and ERROR-level logs.
/// </summary>
internal sealed class LakePipe : ComponentResource
{
    /// <summary>Longest SQS retention, 14 days: time to find and replay a failed batch.</summary>
    private const int DeadLetterRetentionSeconds = 1_209_600;

    public LakePipe(string name, LakePipeArgs args, ComponentResourceOptions? options = null)
        : base("pipeslake:lake:Pipe", name, options)
    {
        LakeContext lake = args.Lake;
        LakeSettings settings = lake.Settings;
        TableSettings table = args.Table;
        var logs = LogGroups.Create(name, "pipe", lake, this, table);
        var queue = new Queue($"{name}-dlq", new QueueArgs
        {
            Name = lake.Names.DeadLetterQueue(table),
            KmsMasterKeyId = lake.KeyArn,
            MessageRetentionSeconds = DeadLetterRetentionSeconds,
            Tags = lake.Tags,
        }, ChildOptions.Named(this));
        _ = new QueuePolicy($"{name}-dlq-policy", new QueuePolicyArgs
        {
            QueueUrl = queue.Url,
            Policy = queue.Arn.Apply(arn => LakePolicies.QueuePolicy(arn).ToJson()),
        }, ChildOptions.Of(this));

        // The pipe's ARN follows from its fixed name, so its role and key grants can name it before it exists.
        Output<string> pipeArn = lake.Aws.Apply(aws => aws.PipeArn(lake.Names.Pipe(table)));
        Output<PipeRoleArns> arns = Output.Tuple(pipeArn, args.StreamArn, args.TableName, args.DeliveryStreamArn, queue.Arn, lake.KeyArn, logs.Arn, args.StreamKeyArn)
            .Apply(t => new PipeRoleArns(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6, t.Item7, t.Item8));
        var role = ServiceRole.Create(
            name,
            Output.Tuple(lake.Aws, pipeArn).Apply(t => TrustPolicies.Pipe(t.Item1, t.Item2).ToJson()),
            Output.Tuple(lake.Aws, arns).Apply(t => LakePolicies.PipeRole(t.Item1, t.Item2).ToJson()),
            lake,
            this);

        var filters = new InputList<PipeSourceParametersFilterCriteriaFilterArgs>();
        foreach (string pattern in PipeDefinitions.FilterPatterns(table))
        {
            filters.Add(new PipeSourceParametersFilterCriteriaFilterArgs { Pattern = pattern });
        }

        var streamParameters = new PipeSourceParametersDynamodbStreamParametersArgs
        {
            StartingPosition = settings.PipeStartingPosition,
            BatchSize = settings.PipeBatchSize,
            MaximumBatchingWindowInSeconds = settings.PipeBatchingWindowSeconds,
            MaximumRetryAttempts = settings.PipeMaximumRetryAttempts,
            MaximumRecordAgeInSeconds = settings.PipeMaximumRecordAgeSeconds,
            ParallelizationFactor = settings.PipeParallelizationFactor,
            DeadLetterConfig = new PipeSourceParametersDynamodbStreamParametersDeadLetterConfigArgs { Arn = queue.Arn },
        };
        if (settings.PipeBisectOnFailure)
        {
            streamParameters.OnPartialBatchItemFailure = "AUTOMATIC_BISECT";
        }

        var pipe = new Pipe($"{name}-pipe", new PipeArgs
        {
            Name = lake.Names.Pipe(table),
            RoleArn = role.Role.Arn,
            KmsKeyIdentifier = lake.KeyArn,
            Source = args.StreamArn,
            Target = args.DeliveryStreamArn,
            SourceParameters = new PipeSourceParametersArgs
            {
                DynamodbStreamParameters = streamParameters,
                FilterCriteria = new PipeSourceParametersFilterCriteriaArgs { Filters = filters },
            },
            TargetParameters = new PipeTargetParametersArgs { InputTemplate = PipeDefinitions.InputTemplate(table) },
            LogConfiguration = new PipeLogConfigurationArgs
            {
                Level = "ERROR",
                CloudwatchLogsLogDestination = new PipeLogConfigurationCloudwatchLogsLogDestinationArgs { LogGroupArn = logs.Arn },
            },
            Tags = lake.Tags,
        }, new CustomResourceOptions { Parent = this, DeleteBeforeReplace = true, DependsOn = { role.Policy } });

        PipeName = pipe.Name;
        DeadLetterQueueUrl = queue.Url;
        RegisterOutputs(new Dictionary<string, object?> { ["pipeName"] = PipeName, ["deadLetterQueueUrl"] = DeadLetterQueueUrl });
    }

    /// <summary>The pipe's name.</summary>
    public Output<string> PipeName { get; }

    /// <summary>Where batches the pipe gave up on are kept.</summary>
    public Output<string> DeadLetterQueueUrl { get; }
}
