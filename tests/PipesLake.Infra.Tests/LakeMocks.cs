using System.Collections.Concurrent;
using System.Collections.Immutable;
using Pulumi.Testing;

namespace PipesLake.Infra.Tests;

/// <summary>
/// The one engine double: echoes inputs as outputs, fabricates the ARNs AWS would assign, answers the
/// invokes the program makes (the account, the partition, existing tables and their keys), and remembers every
/// resource's inputs for the tests to read.
/// </summary>
internal sealed class LakeMocks : IMocks
{
    public const string Account = "123456789012";
    public const string Region = "eu-west-1";

    /// <summary>The key of the existing table <c>inventory</c>: its own customer-managed key.</summary>
    public const string InventoryKeyArn = $"arn:aws:kms:{Region}:{Account}:key/0f1e2d3c-inventory";

    /// <summary>The AWS managed key <c>aws/dynamodb</c> the existing table <c>audit</c> is under.</summary>
    public const string AwsManagedKeyArn = $"arn:aws:kms:{Region}:{Account}:key/9a8b7c6d-aws-dynamodb";

    /// <summary>
    /// The tables that exist in the account, by name, as DynamoDB would describe them: <c>inventory</c> under its own
    /// key, <c>customers</c> under an AWS owned key (encryption not enabled), <c>audit</c> under the AWS managed key,
    /// <c>archive</c> with its stream off, <c>sessions</c> streaming keys only. <c>locked</c> may not be described; any
    /// other name is not found.
    /// </summary>
    public Dictionary<string, ExistingTableMock> ExistingTables { get; } = new(StringComparer.Ordinal)
    {
        ["inventory"] = new(true, "NEW_AND_OLD_IMAGES", InventoryKeyArn),
        ["customers"] = new(true, "NEW_AND_OLD_IMAGES", null),
        ["audit"] = new(true, "NEW_AND_OLD_IMAGES", AwsManagedKeyArn),
        ["archive"] = new(false, string.Empty, null),
        ["sessions"] = new(true, "KEYS_ONLY", null),
    };

    public ConcurrentQueue<MockResourceArgs> Registered { get; } = new();

    /// <summary>URNs of the resources that called <c>RegisterOutputs</c>, with the output names they registered.</summary>
    public ConcurrentDictionary<string, string[]> OutputsRegistered { get; } = new();

    public Task RegisterResourceOutputs(MockRegisterResourceOutputsRequest args)
    {
        OutputsRegistered[args.Urn] = [.. args.Outputs.Keys.Order(StringComparer.Ordinal)];
        return Task.CompletedTask;
    }

    public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
    {
        Registered.Enqueue(args);
        string resourceName = args.Name ?? "unnamed";
        string id = $"{resourceName}-id";
        string physical = args.Inputs.TryGetValue("name", out object? name) && name is string s ? s : id;
        var state = args.Inputs.ToBuilder();
        switch (args.Type)
        {
            case "aws:kms/key:Key":
                state["arn"] = $"arn:aws:kms:{Region}:{Account}:key/{id}";
                state["keyId"] = id;
                break;
            case "aws:dynamodb/table:Table":
                state["arn"] = $"arn:aws:dynamodb:{Region}:{Account}:table/{physical}";
                state["streamArn"] = $"arn:aws:dynamodb:{Region}:{Account}:table/{physical}/stream/2024-01-01T00:00:00.000";
                break;
            case "aws:s3/bucket:Bucket":
                state["arn"] = $"arn:aws:s3:::{id}";
                state["bucket"] = id;
                break;
            case "aws:lambda/function:Function":
                state["arn"] = $"arn:aws:lambda:{Region}:{Account}:function:{physical}";
                break;
            case "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream":
                state["arn"] = $"arn:aws:firehose:{Region}:{Account}:deliverystream/{physical}";
                break;
            case "aws:sqs/queue:Queue":
                state["arn"] = $"arn:aws:sqs:{Region}:{Account}:{physical}";
                state["url"] = $"https://sqs.{Region}.amazonaws.com/{Account}/{physical}";
                break;
            case "aws:cloudwatch/logGroup:LogGroup":
                state["arn"] = $"arn:aws:logs:{Region}:{Account}:log-group:{physical}";
                break;
            case "aws:iam/role:Role":
                state["arn"] = $"arn:aws:iam::{Account}:role/{id}";
                break;
            case "aws:sns/topic:Topic":
                state["arn"] = $"arn:aws:sns:{Region}:{Account}:{physical}";
                break;
            case "aws:cloudwatch/metricAlarm:MetricAlarm":
                state["arn"] = $"arn:aws:cloudwatch:{Region}:{Account}:alarm:{physical}";
                break;
            case "aws:athena/workgroup:Workgroup":
                state["arn"] = $"arn:aws:athena:{Region}:{Account}:workgroup/{physical}";
                break;
            case "aws:iam/policy:Policy":
                state["arn"] = $"arn:aws:iam::{Account}:policy/{physical}";
                break;
            case "aws:pipes/pipe:Pipe":
                state["arn"] = $"arn:aws:pipes:{Region}:{Account}:pipe/{physical}";
                break;
            default:
                break;
        }

        return Task.FromResult<(string?, object)>((id, state.ToImmutable()));
    }

    public Task<object> CallAsync(MockCallArgs args) => args.Token switch
    {
        "aws:dynamodb/getTable:getTable" => Task.FromResult<object>(DescribeTable((string)args.Args["name"])),
        "aws:kms/getKey:getKey" => Task.FromResult<object>(DescribeKey((string)args.Args["keyId"])),
        _ => Task.FromResult(Identity(args)),
    };

    // As the provider answers DescribeTable: an error for a table that is not there.
    private ImmutableDictionary<string, object> DescribeTable(string name)
    {
        if (name == "locked")
        {
            throw new InvalidOperationException($"reading DynamoDB Table ({name}): operation error DynamoDB: DescribeTable, AccessDeniedException: not authorized to perform: dynamodb:DescribeTable\nmore detail");
        }

        if (!ExistingTables.TryGetValue(name, out ExistingTableMock? table))
        {
            throw new InvalidOperationException($"reading DynamoDB Table ({name}): operation error DynamoDB: DescribeTable, ResourceNotFoundException: Requested resource not found\nmore detail");
        }

        string arn = $"arn:aws:dynamodb:{Region}:{Account}:table/{name}";
        ImmutableDictionary<string, object> encryption = table.KmsKeyArn is { } key
            ? ImmutableDictionary<string, object>.Empty.Add("enabled", true).Add("kmsKeyArn", key)
            : ImmutableDictionary<string, object>.Empty.Add("enabled", false).Add("kmsKeyArn", string.Empty);
        var result = ImmutableDictionary<string, object>.Empty
            .Add("id", name).Add("name", name).Add("arn", arn).Add("hashKey", "id").Add("billingMode", "PAY_PER_REQUEST")
            .Add("streamEnabled", table.StreamEnabled).Add("streamViewType", table.StreamViewType).Add("serverSideEncryption", encryption);
        return table.StreamEnabled
            ? result.Add("streamArn", $"{arn}/stream/2023-06-01T00:00:00.000").Add("streamLabel", "2023-06-01T00:00:00.000")
            : result.Add("streamArn", string.Empty).Add("streamLabel", string.Empty);
    }

    private static ImmutableDictionary<string, object> DescribeKey(string keyId) => ImmutableDictionary<string, object>.Empty
        .Add("id", keyId).Add("arn", keyId).Add("keyId", keyId[(keyId.LastIndexOf('/') + 1)..]).Add("enabled", true)
        .Add("keyManager", keyId == AwsManagedKeyArn ? "AWS" : "CUSTOMER").Add("keyState", "Enabled").Add("keyUsage", "ENCRYPT_DECRYPT");

    private static object Identity(MockCallArgs args) => args.Token switch
    {
        "aws:index/getCallerIdentity:getCallerIdentity" => ImmutableDictionary<string, object>.Empty
            .Add("accountId", Account).Add("arn", $"arn:aws:iam::{Account}:user/ci").Add("userId", "AIDEXAMPLE").Add("id", Account),
        "aws:index/getPartition:getPartition" => ImmutableDictionary<string, object>.Empty
            .Add("partition", "aws").Add("dnsSuffix", "amazonaws.com").Add("reverseDnsPrefix", "com.amazonaws").Add("id", "aws"),
        _ => ImmutableDictionary<string, object>.Empty,
    };
}
