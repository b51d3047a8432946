using Pulumi;
using Pulumi.Aws.CloudWatch;
using Pulumi.Aws.Kinesis;
using Pulumi.Aws.Kinesis.Inputs;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>
/// A table's Direct PUT delivery stream: encrypted with the stack's key, the shared Lambda processor, dynamic
/// partitioning into the table's prefix, failures under its error prefix. One per table: a stream's Direct PUT quota,
/// active-partition limit, buffers and alarms are its own, so one table's volume never holds up another's.
/// </summary>
internal sealed class LakeDeliveryStream : ComponentResource
{
    public LakeDeliveryStream(string name, LakeDeliveryStreamArgs args, ComponentResourceOptions? options = null)
        : base("pipeslake:lake:DeliveryStream", name, options)
    {
        LakeContext lake = args.Lake;
        LakeSettings settings = lake.Settings;
        TableSettings table = args.Table;
        var logs = LogGroups.Create(name, "firehose", lake, this, table);
        var logStream = new LogStream($"{name}-s3-delivery", new LogStreamArgs
        {
            LogGroupName = logs.Name,
            Name = "S3Delivery",
        }, ChildOptions.Named(this));
        string database = QueryTables.Database(settings.Stack);
        bool parquet = settings.Format == LakeFormat.Parquet;
        var role = ServiceRole.Create(
            name,
            lake.Aws.Apply(aws => TrustPolicies.Firehose(aws).ToJson()),
            Output.Tuple(lake.Aws, args.BucketArn, lake.KeyArn, args.FunctionArn, logs.Arn)
                .Apply(t => LakePolicies.FirehoseRole(t.Item1, table, t.Item2, t.Item3, t.Item4, t.Item5, parquet ? t.Item1.GlueTable(database, QueryTables.Name(table, QueryTables.Changes)) : null).ToJson()),
            lake,
            this);

        var destination = Destination(args, role.Role.Arn, logs.Name, logStream.Name);
        if (parquet)
        {
            destination.DataFormatConversionConfiguration = ParquetConversion(database, args.ChangesTableName, role.Role.Arn, settings.Region);
        }

        var stream = new FirehoseDeliveryStream($"{name}-stream", new FirehoseDeliveryStreamArgs
        {
            Name = lake.Names.DeliveryStream(table),
            Destination = "extended_s3",
            ServerSideEncryption = new FirehoseDeliveryStreamServerSideEncryptionArgs
            {
                Enabled = true,
                KeyType = "CUSTOMER_MANAGED_CMK",
                KeyArn = lake.KeyArn,
            },
            ExtendedS3Configuration = destination,
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

    /// <summary>The S3 destination: the lake's prefixes, buffers, key, processor and delivery logs.</summary>
    private static FirehoseDeliveryStreamExtendedS3ConfigurationArgs Destination(LakeDeliveryStreamArgs args, Output<string> roleArn, Output<string> logGroup, Output<string> logStream) => new()
    {
        RoleArn = roleArn,
        BucketArn = args.BucketArn,
        Prefix = LakePrefixes.Data(args.Table),
        ErrorOutputPrefix = LakePrefixes.Error(args.Table),
        BufferingSize = args.Lake.Settings.BufferSizeMiB,
        BufferingInterval = args.Lake.Settings.BufferIntervalSeconds,
        CompressionFormat = args.Lake.Settings.Compression,
        KmsKeyArn = args.Lake.KeyArn,
        DynamicPartitioningConfiguration = new FirehoseDeliveryStreamExtendedS3ConfigurationDynamicPartitioningConfigurationArgs
        {
            Enabled = true,
            RetryDuration = 300,
        },
        ProcessingConfiguration = new FirehoseDeliveryStreamExtendedS3ConfigurationProcessingConfigurationArgs
        {
            Enabled = true,
            Processors = { Processor(args.FunctionArn, args.Lake.Settings) },
        },
        CloudwatchLoggingOptions = new FirehoseDeliveryStreamExtendedS3ConfigurationCloudwatchLoggingOptionsArgs
        {
            Enabled = true,
            LogGroupName = logGroup,
            LogStreamName = logStream,
        },
    };

    /// <summary>
    /// Record format conversion: each line the function returns, read with the OpenX JSON SerDe, written as Parquet
    /// (SNAPPY) with the table's <c>changes</c> table's schema (Firehose Developer Guide, "Convert input data format").
    /// </summary>
    private static FirehoseDeliveryStreamExtendedS3ConfigurationDataFormatConversionConfigurationArgs ParquetConversion(
        string database, Output<string> table, Output<string> roleArn, string region) => new()
    {
        Enabled = true,
        InputFormatConfiguration = new FirehoseDeliveryStreamExtendedS3ConfigurationDataFormatConversionConfigurationInputFormatConfigurationArgs
        {
            Deserializer = new FirehoseDeliveryStreamExtendedS3ConfigurationDataFormatConversionConfigurationInputFormatConfigurationDeserializerArgs
            {
                OpenXJsonSerDe = new FirehoseDeliveryStreamExtendedS3ConfigurationDataFormatConversionConfigurationInputFormatConfigurationDeserializerOpenXJsonSerDeArgs(),
            },
        },
        OutputFormatConfiguration = new FirehoseDeliveryStreamExtendedS3ConfigurationDataFormatConversionConfigurationOutputFormatConfigurationArgs
        {
            Serializer = new FirehoseDeliveryStreamExtendedS3ConfigurationDataFormatConversionConfigurationOutputFormatConfigurationSerializerArgs
            {
                ParquetSerDe = new FirehoseDeliveryStreamExtendedS3ConfigurationDataFormatConversionConfigurationOutputFormatConfigurationSerializerParquetSerDeArgs
                {
                    Compression = ParquetLake.Compression,
                },
            },
        },
        SchemaConfiguration = new FirehoseDeliveryStreamExtendedS3ConfigurationDataFormatConversionConfigurationSchemaConfigurationArgs
        {
            DatabaseName = database,
            TableName = table,
            RoleArn = roleArn,
            Region = region,
        },
    };

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
