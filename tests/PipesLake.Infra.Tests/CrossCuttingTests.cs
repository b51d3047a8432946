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

    [Test]
    public async Task Roles_GrantExactlyTheBlueprintsPolicies()
    {
        DeployedLake lake = await DeployAsync();
        Dictionary<string, object> policies = lake.All("aws:iam/rolePolicy:RolePolicy").ToDictionary(p => p.Name!, p => p.Inputs["policy"]);

        Assert.That(policies, Is.EqualTo(new Dictionary<string, object>
        {
            ["partitioner-policy"] = LakePolicies.FunctionRole("arn:aws:logs:eu-west-1:123456789012:log-group:/pipeslake/dev/function").ToJson(),
            ["delivery-policy"] = LakePolicies.FirehoseRole(
                s_aws,
                "arn:aws:s3:::lake-bucket-id",
                KeyArn,
                "arn:aws:lambda:eu-west-1:123456789012:function:pipeslake-dev-partitioner",
                "arn:aws:logs:eu-west-1:123456789012:log-group:/pipeslake/dev/firehose").ToJson(),
            ["pipe-policy"] = LakePolicies.PipeRole(
                s_aws,
                "arn:aws:dynamodb:eu-west-1:123456789012:table/pipeslake-dev-changes/stream/2024-01-01T00:00:00.000",
                "arn:aws:firehose:eu-west-1:123456789012:deliverystream/pipeslake-dev-lake",
                "arn:aws:sqs:eu-west-1:123456789012:pipeslake-dev-pipe-dlq",
                KeyArn,
                "arn:aws:logs:eu-west-1:123456789012:log-group:/pipeslake/dev/pipe").ToJson(),
        }));
    }

    [Test]
    public async Task Roles_TrustOnlyTheirOwnService()
    {
        DeployedLake lake = await DeployAsync();

        Assert.That(lake.All("aws:iam/role:Role").Select(r => r.Inputs["assumeRolePolicy"]), Is.EquivalentTo(new[]
        {
            LakePolicies.AssumeRole("lambda.amazonaws.com", s_aws).ToJson(),
            LakePolicies.AssumeRole("firehose.amazonaws.com", s_aws).ToJson(),
            LakePolicies.AssumeRole("pipes.amazonaws.com", s_aws).ToJson(),
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
            "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        ];
        var expected = ImmutableDictionary<string, object>.Empty.Add("project", "pipeslake").Add("stack", "prod").Add("managed-by", "pulumi");

        var taggable = lake.Mocks.Registered.Where(r => r.Type!.StartsWith("aws:", StringComparison.Ordinal) && !untaggable.Contains(r.Type)).ToArray();

        Assert.That(taggable.Select(r => r.Type).Distinct(), Has.Exactly(9).Items);
        foreach (var resource in taggable)
        {
            Assert.That(resource.Inputs.TryGetValue("tags", out object? tags) ? tags : null, Is.EquivalentTo(expected), resource.Name);
        }
    }

    [Test]
    public async Task EveryChild_IsParentedToItsComponent()
    {
        DeployedLake lake = await DeployAsync();

        CustomResource[] children = lake.Resources.OfType<CustomResource>().Where(r => r is not ProviderResource).ToArray();

        Assert.That(children, Has.Length.EqualTo(lake.Mocks.Registered.Count(r => r.Type!.StartsWith("aws:", StringComparison.Ordinal))));
        foreach (CustomResource resource in children)
        {
            string urn = await OutputUtilities.GetValueAsync(resource.Urn);
            Assert.That(urn, Does.Match(@"::pipeslake:lake:[A-Za-z]+\$aws:"), urn);
        }
    }

    [Test]
    public async Task Outputs_NameEveryEntryPoint()
    {
        DeployedLake lake = await DeployAsync();

        Assert.That(lake.Outputs.Keys, Is.EquivalentTo(new[]
        {
            "tableName", "tableStreamArn", "bucketName", "deliveryStreamName", "pipeName", "deadLetterQueueUrl", "functionName", "keyArn", "dataPrefix",
        }));
        Assert.That(await OutputUtilities.GetValueAsync((Output<string>)lake.Outputs["dataPrefix"]!), Is.EqualTo("s3://lake-bucket-id/data/"));
        Assert.That(await OutputUtilities.GetValueAsync((Output<string>)lake.Outputs["keyArn"]!), Is.EqualTo(KeyArn));
    }

    [TestCase(SettingKeys.BufferSizeMiB, "12", "pipeslake:bufferSizeMiB must be a whole number from 64 to 128; got '12'.")]
    [TestCase(SettingKeys.PipeBatchSize, "0", "pipeslake:pipeBatchSize must be a whole number from 1 to 10000; got '0'.")]
    [TestCase(SettingKeys.EventNames, "UPSERT", "pipeslake:eventNames must be a comma-separated, non-empty set of INSERT, MODIFY, REMOVE; got 'UPSERT'.")]
    [TestCase(SettingKeys.LogRetentionDays, "10", "pipeslake:logRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653; got '10'.")]
    public void BadSetting_StopsTheProgramBeforeAnyResource(string key, string value, string message)
    {
        var mocks = new LakeMocks();

        var error = Assert.CatchAsync(() => DeployWithAsync(mocks, "dev", (key, value)));

        Assert.That(error!.ToString(), Does.Contain(message));
        Assert.That(mocks.Registered, Is.Empty);
    }
}
