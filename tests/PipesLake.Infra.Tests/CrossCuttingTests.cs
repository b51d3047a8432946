using System.Collections.Immutable;
using Pulumi;
using Pulumi.Utilities;
using PipesLake.Blueprint;
using static PipesLake.Infra.Tests.DeployedLake;

namespace PipesLake.Infra.Tests;

[NonParallelizable]
public sealed class CrossCuttingTests
{
    private static readonly AwsContext s_aws = new("aws", LakeMocks.Account, LakeMocks.Region);
    private const string KeyArn = "arn:aws:kms:eu-west-1:123456789012:key/key-key-id";
    private const string PipeArn = "arn:aws:pipes:eu-west-1:123456789012:pipe/pipeslake-dev-orders-pipe";

    [Test]
    public async Task Roles_GrantExactlyTheBlueprintsPolicies()
    {
        DeployedLake lake = await DeployAsync();
        Dictionary<string, object> policies = lake.All("aws:iam/rolePolicy:RolePolicy").ToDictionary(p => p.Name!, p => p.Inputs["policy"]);

        Assert.That(policies, Is.EqualTo(new Dictionary<string, object>
        {
            ["partitioner-policy"] = LakePolicies.FunctionRole("arn:aws:logs:eu-west-1:123456789012:log-group:/pipeslake/dev/function").ToJson(),
            ["table-orders-delivery-policy"] = LakePolicies.FirehoseRole(
                s_aws,
                Settings().Tables.Single(),
                "arn:aws:s3:::lake-bucket-id",
                KeyArn,
                "arn:aws:lambda:eu-west-1:123456789012:function:pipeslake-dev-partitioner",
                "arn:aws:logs:eu-west-1:123456789012:log-group:/pipeslake/dev/orders/firehose").ToJson(),
            ["table-orders-pipe-policy"] = LakePolicies.PipeRole(s_aws, new PipeRoleArns(
                PipeArn,
                "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2024-01-01T00:00:00.000",
                "orders",
                "arn:aws:firehose:eu-west-1:123456789012:deliverystream/pipeslake-dev-orders",
                "arn:aws:sqs:eu-west-1:123456789012:pipeslake-dev-orders-dlq",
                KeyArn,
                "arn:aws:logs:eu-west-1:123456789012:log-group:/pipeslake/dev/orders/pipe",
                KeyArn)).ToJson(),
        }));
    }

    [Test]
    public async Task Roles_TrustOnlyTheirOwnService()
    {
        DeployedLake lake = await DeployAsync();

        Assert.That(lake.All("aws:iam/role:Role").ToDictionary(r => r.Name!, r => r.Inputs["assumeRolePolicy"]), Is.EquivalentTo(new Dictionary<string, object>
        {
            ["partitioner-role"] = TrustPolicies.Lambda().ToJson(),
            ["table-orders-delivery-role"] = TrustPolicies.Firehose(s_aws).ToJson(),
            ["table-orders-pipe-role"] = TrustPolicies.Pipe(s_aws, PipeArn).ToJson(),
        }));
    }

    [Test]
    public async Task EveryTaggableResource_CarriesTheStackTags()
    {
        DeployedLake lake = await DeployAsync("prod");
        string[] untaggable =
        [
            "aws:kms/alias:Alias", "aws:iam/rolePolicy:RolePolicy", "aws:cloudwatch/logStream:LogStream",
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
            "aws:s3/bucketPolicy:BucketPolicy", "aws:s3/bucketVersioning:BucketVersioning",
            "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws:s3/bucketLogging:BucketLogging", "aws:sqs/queuePolicy:QueuePolicy",
            "aws:glue/catalogTable:CatalogTable", "aws:athena/namedQuery:NamedQuery",
            "aws:sns/topicPolicy:TopicPolicy", "aws:cloudwatch/dashboard:Dashboard",
        ];
        var expected = ImmutableDictionary<string, object>.Empty.Add("project", "pipeslake").Add("stack", "prod").Add("managed-by", "pulumi");

        var taggable = lake.Mocks.Registered.Where(r => r.Type!.StartsWith("aws:", StringComparison.Ordinal) && !untaggable.Contains(r.Type)).ToArray();

        Assert.That(taggable.Select(r => r.Type).Distinct(), Has.Exactly(14).Items);
        foreach (var resource in taggable)
        {
            Assert.That(resource.Inputs.TryGetValue("tags", out object? tags) ? tags : null, Is.EquivalentTo(expected), resource.Name);
        }
    }

    // Pulumi's mock engine drops Parent (MockResourceArgs has none, and every child URN is built under
    // pulumi:pulumi:Stack), so parenting cannot be asserted here; what a component passes to its children
    // and to RegisterOutputs can.
    [Test]
    public async Task EveryChild_IsNamedAfterItsComponent()
    {
        DeployedLake lake = await DeployAsync();
        var components = lake.Mocks.Registered.Where(r => r.Type!.StartsWith("pipeslake:lake:", StringComparison.Ordinal)).ToDictionary(r => r.Name!, r => r.Type);
        string[] children = [.. lake.Mocks.Registered.Where(r => r.Type!.StartsWith("aws:", StringComparison.Ordinal)).Select(r => r.Name!)];

        Assert.That(components, Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["key"] = "pipeslake:lake:Key", ["lake"] = "pipeslake:lake:Bucket", ["partitioner"] = "pipeslake:lake:Function",
            ["catalog"] = "pipeslake:lake:Catalog", ["queries"] = "pipeslake:lake:Queries", ["alarms"] = "pipeslake:lake:Alarms",
            ["dashboard"] = "pipeslake:lake:Dashboard", ["access-logs"] = "pipeslake:lake:AccessLogs", ["operators"] = "pipeslake:lake:Operators",
            ["table-orders"] = "pipeslake:lake:Source", ["table-orders-table"] = "pipeslake:lake:Table",
            ["table-orders-catalog"] = "pipeslake:lake:TableCatalog", ["table-orders-delivery"] = "pipeslake:lake:DeliveryStream",
            ["table-orders-pipe"] = "pipeslake:lake:Pipe", ["table-orders-alarms"] = "pipeslake:lake:TableAlarms",
        }));
        // A table's components are named after its source, table-<id>; every resource after a component.
        Assert.That(components.Keys.Where(c => c.StartsWith("table-orders-", StringComparison.Ordinal)), Has.All.Matches<string>(c => components.ContainsKey("table-orders")));
        Assert.That(children, Has.All.Matches<string>(child => child is not null && components.Keys.Any(c => child.StartsWith(c + "-", StringComparison.Ordinal))));
        // Shared, 30: key 2 (key, alias), lake 7 (bucket, encryption, public access, ownership, policy, versioning,
        // lifecycle), partitioner 4 (logs, role, policy, function), catalog 1 (database), queries 2 (workgroup, reader
        // policy), alarms 5 (topic, topic policy, three function alarms; no e-mail subscription in dev), dashboard 1,
        // access-logs 7 (bucket, encryption, public access, ownership, policy, lifecycle, the lake bucket's logging),
        // operators 1. The table, 30: table 1, catalog 9 (changes, changes_history, errors, changes_current,
        // changes_unique, four saved queries), delivery 5 (logs, log stream, role, policy, stream), pipe 6 (logs, queue,
        // queue policy, role, policy, pipe), alarms 9.
        Assert.That(children, Has.Length.EqualTo(30 + 30));
    }

    [Test]
    public async Task EveryComponent_RegistersItsOutputs()
    {
        DeployedLake lake = await DeployAsync();

        Assert.That(lake.Mocks.OutputsRegistered.Where(o => o.Key.Contains("$pipeslake:lake:", StringComparison.Ordinal)).ToDictionary(o => o.Key[(o.Key.LastIndexOf('$') + 1)..], o => string.Join(",", o.Value)), Is.EquivalentTo(new Dictionary<string, string>
        {
            ["pipeslake:lake:Key::key"] = "arn",
            ["pipeslake:lake:Bucket::lake"] = "arn,bucketName",
            ["pipeslake:lake:Function::partitioner"] = "arn,functionName",
            ["pipeslake:lake:Catalog::catalog"] = "databaseName",
            ["pipeslake:lake:Queries::queries"] = "readerPolicyArn,workgroupName",
            ["pipeslake:lake:Alarms::alarms"] = "alarmArns,topicArn",
            ["pipeslake:lake:Dashboard::dashboard"] = "dashboardName",
            ["pipeslake:lake:AccessLogs::access-logs"] = "bucketName",
            ["pipeslake:lake:Operators::operators"] = "policyArn",
            ["pipeslake:lake:Source::table-orders"] = "deadLetterQueueUrl,deliveryStreamName,pipeName,streamArn",
            ["pipeslake:lake:Table::table-orders-table"] = "streamArn,tableName",
            ["pipeslake:lake:TableCatalog::table-orders-catalog"] = "changesTableName",
            ["pipeslake:lake:DeliveryStream::table-orders-delivery"] = "arn,deliveryStreamName",
            ["pipeslake:lake:Pipe::table-orders-pipe"] = "deadLetterQueueUrl,pipeName",
            ["pipeslake:lake:TableAlarms::table-orders-alarms"] = "alarmArns",
        }));
    }

    [Test]
    public async Task Outputs_NameEveryEntryPoint_AndEachTables()
    {
        DeployedLake lake = await DeployAsync();

        Assert.That(lake.Outputs.Keys, Is.EquivalentTo(new[]
        {
            "tables", "bucketName", "accessLogBucketName", "functionName", "keyArn", "dataPrefix",
            "glueDatabase", "athenaWorkgroup", "readerPolicyArn", "operatorPolicyArn", "alarmTopicArn", "dashboardName",
        }));
        Assert.That(await OutputUtilities.GetValueAsync((Output<string>)lake.Outputs["glueDatabase"]!), Is.EqualTo("pipeslake_dev"));
        Assert.That(await OutputUtilities.GetValueAsync((Output<string>)lake.Outputs["athenaWorkgroup"]!), Is.EqualTo("pipeslake-dev"));
        Assert.That(await OutputUtilities.GetValueAsync((Output<string>)lake.Outputs["readerPolicyArn"]!), Is.EqualTo("arn:aws:iam::123456789012:policy/pipeslake-dev-lake-reader"));
        Assert.That(await OutputUtilities.GetValueAsync((Output<string>)lake.Outputs["operatorPolicyArn"]!), Is.EqualTo("arn:aws:iam::123456789012:policy/pipeslake-dev-lake-operator"));
        Assert.That(await OutputUtilities.GetValueAsync((Output<string>)lake.Outputs["dataPrefix"]!), Is.EqualTo("s3://lake-bucket-id/data/"));
        Assert.That(await OutputUtilities.GetValueAsync((Output<string>)lake.Outputs["keyArn"]!), Is.EqualTo(KeyArn));
        Assert.That(await TableOutputsAsync(lake, "orders"), Is.EqualTo(new Dictionary<string, string>
        {
            ["streamArn"] = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2024-01-01T00:00:00.000",
            ["deliveryStreamName"] = "pipeslake-dev-orders",
            ["pipeName"] = "pipeslake-dev-orders-pipe",
            ["deadLetterQueueUrl"] = "https://sqs.eu-west-1.amazonaws.com/123456789012/pipeslake-dev-orders-dlq",
            ["dataPrefix"] = "s3://lake-bucket-id/data/orders/",
            ["changesTable"] = "orders_changes",
        }));
    }

    [TestCase(SettingKeys.BufferSizeMiB, "12", "pipeslake:bufferSizeMiB must be a whole number from 64 to 128; got '12'.")]
    [TestCase(SettingKeys.PipeBatchSize, "0", "pipeslake:pipeBatchSize must be a whole number from 1 to 500; got '0'.")]
    [TestCase(SettingKeys.EventNames, "UPSERT", "pipeslake:eventNames must be a comma-separated, non-empty set of INSERT, MODIFY, REMOVE; got 'UPSERT'.")]
    [TestCase(SettingKeys.LogRetentionDays, "10", "pipeslake:logRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653; got '10'.")]
    public async Task BadSetting_StopsTheProgramBeforeAnyResource(string key, string value, string message)
    {
        var mocks = new LakeMocks();

        var error = await Assert.CatchAsync(() => DeployWithAsync(mocks, "dev", (key, value)));

        Assert.That(error!.ToString(), Does.Contain(message));
        Assert.That(mocks.Registered, Is.Empty);
    }
}
