using Pulumi;
using Pulumi.Aws.CloudWatch;
using Pulumi.Aws.Kinesis;
using Pulumi.Aws.Kinesis.Inputs;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>
/// The Direct PUT delivery stream: encrypted with the stack's key, one Lambda processor, dynamic
/// partitioning into the lake's prefix, failures under the error prefix.
/// </summary>
internal sealed class LakeDeliveryStream : ComponentResource
{
    public LakeDeliveryStream(string name, LakeDeliveryStreamArgs args, ComponentResourceOptions? options = null)
        : base("pipeslake:lake:DeliveryStream", name, options)
    {
        LakeContext lake = args.Lake;
        LakeSettings settings = lake.Settings;
        var logs = LogGroups.Create(name, "firehose", lake, this);
        var logStream = new LogStream($"{name}-s3-delivery", new LogStreamArgs
        {
            LogGroupName = logs.Name,
            Name = "S3Delivery",
        }, ChildOptions.Named(this));
        var role = ServiceRole.Create(
            name,
            lake.Aws.Apply(aws => TrustPolicies.Firehose(aws).ToJson()),
            Output.Tuple(lake.Aws, args.BucketArn, lake.KeyArn, args.FunctionArn, logs.Arn)
                .Apply(t => LakePolicies.FirehoseRole(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5).ToJson()),
            lake,
            this);

        var stream = new FirehoseDeliveryStream($"{name}-stream", new FirehoseDeliveryStreamArgs
        {
            Name = lake.Names.DeliveryStream,
            Destination = "extended_s3",
            ServerSideEncryption = new FirehoseDeliveryStreamServerSideEncryptionArgs
            {
                Enabled = true,
                KeyType = "CUSTOMER_MANAGED_CMK",
                KeyArn = lake.KeyArn,
            },
            ExtendedS3Configuration = new FirehoseDeliveryStreamExtendedS3ConfigurationArgs
            {
                RoleArn = role.Role.Arn,
                BucketArn = args.BucketArn,
                Prefix = LakePrefixes.Data,
                ErrorOutputPrefix = LakePrefixes.Error,
                BufferingSize = settings.BufferSizeMiB,
                BufferingInterval = settings.BufferIntervalSeconds,
                CompressionFormat = settings.Compression,
                KmsKeyArn = lake.KeyArn,
                DynamicPartitioningConfiguration = new FirehoseDeliveryStreamExtendedS3ConfigurationDynamicPartitioningConfigurationArgs
                {
                    Enabled = true,
                    RetryDuration = 300,
                },
                ProcessingConfiguration = new FirehoseDeliveryStreamExtendedS3ConfigurationProcessingConfigurationArgs
                {
                    Enabled = true,
                    Processors = { Processor(args.FunctionArn, settings) },
                },
                CloudwatchLoggingOptions = new FirehoseDeliveryStreamExtendedS3ConfigurationCloudwatchLoggingOptionsArgs
                {
                    Enabled = true,
                    LogGroupName = logs.Name,
                    LogStreamName = logStream.Name,
                },
            },
            Tags = lake.Tags,
        }, new CustomResourceOptions { Parent = this, DeleteBeforeReplace = true, DependsOn = { role.Policy } });

        StreamName = stream.Name;
        Arn = stream.Arn;
        RegisterOutputs(new Dictionary<string, object?> { ["deliveryStreamName"] = StreamName, ["arn"] = Arn });
    }

    /// <summary>The delivery stream's name.</summary>
    public Output<string> StreamName { get; }

    /// <summary>The delivery stream's ARN, the pipe's target.</summary>
    public Output<string> Arn { get; }

    /// <summary>
    /// One Lambda processor: <c>LambdaArn</c> and only the parameters that differ from Firehose's defaults
    /// (<see cref="ProcessorParameters"/>), so previews stay clean. RoleArn is left out: the stream's own
    /// role invokes the function. Firehose stores the function ARN qualified with <c>$LATEST</c>.
    /// </summary>
    private static FirehoseDeliveryStreamExtendedS3ConfigurationProcessingConfigurationProcessorArgs Processor(Output<string> functionArn, LakeSettings settings)
    {
        var processor = new FirehoseDeliveryStreamExtendedS3ConfigurationProcessingConfigurationProcessorArgs
        {
            Type = "Lambda",
            Parameters = { Parameter("LambdaArn", Output.Format($"{functionArn}:$LATEST")) },
        };
        foreach ((string name, string value) in ProcessorParameters.NonDefault(settings))
        {
            processor.Parameters.Add(Parameter(name, value));
        }

        return processor;
    }

    private static FirehoseDeliveryStreamExtendedS3ConfigurationProcessingConfigurationProcessorParameterArgs Parameter(string name, Input<string> value) => new()
    {
        ParameterName = name,
        ParameterValue = value,
    };
}
