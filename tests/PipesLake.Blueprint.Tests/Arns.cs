namespace PipesLake.Blueprint.Tests;

/// <summary>The ARNs of one dev stack in eu-west-1, account 123456789012, as AWS would name them.</summary>
internal static class Arns
{
    public const string Account = "123456789012";
    public const string Bucket = "arn:aws:s3:::pipeslake-dev-lake-1234";
    public const string Key = "arn:aws:kms:eu-west-1:123456789012:key/1111-2222";
    public const string Function = "arn:aws:lambda:eu-west-1:123456789012:function:pipeslake-dev-partitioner";
    public const string TableName = "orders";
    public const string Stream = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2024-01-01T00:00:00.000";
    public const string DeliveryStream = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/pipeslake-dev-orders";
    public const string Queue = "arn:aws:sqs:eu-west-1:123456789012:pipeslake-dev-orders-dlq";
    public const string Pipe = "arn:aws:pipes:eu-west-1:123456789012:pipe/pipeslake-dev-orders-pipe";
    public const string LogGroup = "arn:aws:logs:eu-west-1:123456789012:log-group:/pipeslake/dev/orders/firehose";
    public const string PipeLogGroup = "arn:aws:logs:eu-west-1:123456789012:log-group:/pipeslake/dev/orders/pipe";

    public static AwsContext Aws { get; } = new("aws", Account, "eu-west-1");

    /// <summary>The orders table of the dev stack: created by the stack, under the stack's key.</summary>
    public static TableSettings Table { get; } = Settings.Table();

    /// <summary>The pipe of that table, whose stream is under the stack's key.</summary>
    public static PipeRoleArns PipeRole { get; } = new(Pipe, Stream, TableName, DeliveryStream, Queue, Key, PipeLogGroup, Key);
}
