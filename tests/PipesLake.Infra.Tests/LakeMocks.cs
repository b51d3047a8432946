using System.Collections.Concurrent;
using System.Collections.Immutable;
using Pulumi.Testing;

namespace PipesLake.Infra.Tests;

/// <summary>
/// The one engine double: echoes inputs as outputs, fabricates the ARNs AWS would assign, answers the
/// two invokes the program makes, and remembers every resource's inputs for the tests to read.
/// </summary>
internal sealed class LakeMocks : IMocks
{
    public const string Account = "123456789012";
    public const string Region = "eu-west-1";

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

    public Task<object> CallAsync(MockCallArgs args) => Task.FromResult<object>(args.Token switch
    {
        "aws:index/getCallerIdentity:getCallerIdentity" => ImmutableDictionary<string, object>.Empty
            .Add("accountId", Account).Add("arn", $"arn:aws:iam::{Account}:user/ci").Add("userId", "AIDEXAMPLE").Add("id", Account),
        "aws:index/getPartition:getPartition" => ImmutableDictionary<string, object>.Empty
            .Add("partition", "aws").Add("dnsSuffix", "amazonaws.com").Add("reverseDnsPrefix", "com.amazonaws").Add("id", "aws"),
        _ => ImmutableDictionary<string, object>.Empty,
    });
}
