using System.Collections.Immutable;
using PipesLake.Blueprint;
using static PipesLake.Infra.Tests.DeployedLake;

namespace PipesLake.Infra.Tests;

[NonParallelizable]
public sealed class StorageTests
{
    private const string KeyArn = "arn:aws:kms:eu-west-1:123456789012:key/key-key-id";

    [Test]
    public async Task Key_RotatesAndHasAnAlias()
    {
        DeployedLake lake = await DeployAsync();

        Assert.That(lake.Inputs("aws:kms/key:Key")["enableKeyRotation"], Is.True);
        Assert.That(lake.Inputs("aws:kms/alias:Alias")["name"], Is.EqualTo("alias/pipeslake-dev"));
        Assert.That(lake.Inputs("aws:kms/key:Key")["policy"], Is.EqualTo(
            LakePolicies.KeyPolicy(new AwsContext("aws", LakeMocks.Account, LakeMocks.Region), new LakeNames("dev")).ToJson()));
    }

    [Test]
    public async Task Table_IsOnDemandWithBothImagesAndPointInTimeRecovery()
    {
        ImmutableDictionary<string, object> table = (await DeployAsync()).Inputs("aws:dynamodb/table:Table");

        Assert.That(table["billingMode"], Is.EqualTo("PAY_PER_REQUEST"));
        Assert.That(table["hashKey"], Is.EqualTo("id"));
        Assert.That((table["streamEnabled"], table["streamViewType"]), Is.EqualTo((true, "NEW_AND_OLD_IMAGES")));
        Assert.That(At(table, "pointInTimeRecovery", "enabled"), Is.True);
        Assert.That(table["name"], Is.EqualTo("orders"));
    }

    [Test]
    public async Task Table_IsEncryptedWithTheStackKey()
    {
        ImmutableDictionary<string, object> table = (await DeployAsync()).Inputs("aws:dynamodb/table:Table");

        Assert.That(At(table, "serverSideEncryption", "enabled"), Is.True);
        Assert.That(At(table, "serverSideEncryption", "kmsKeyArn"), Is.EqualTo(KeyArn));
    }

    [TestCase("dev", false)]
    [TestCase("prod", true)]
    public async Task Table_DeletionProtectionFollowsTheStack(string stack, bool expected)
    {
        ImmutableDictionary<string, object> table = (await DeployAsync(stack)).Inputs("aws:dynamodb/table:Table");

        Assert.That(table["deletionProtectionEnabled"], Is.EqualTo(expected));
    }

    [Test]
    public async Task OperatorPolicy_IsTheBlueprintsForThisBucketAndKey()
    {
        ImmutableDictionary<string, object> policy = (await DeployAsync()).Inputs("aws:iam/policy:Policy", "operators-policy");

        Assert.That(policy["name"], Is.EqualTo("pipeslake-dev-lake-operator"));
        Assert.That(policy["policy"], Is.EqualTo(LakePolicies.OperatorPolicy(new AwsContext("aws", LakeMocks.Account, LakeMocks.Region), "arn:aws:s3:::lake-bucket-id", KeyArn, [new OperatorStream("orders", KeyArn)]).ToJson()));
    }

    [Test]
    public async Task OperatorPolicy_ReadsBackEachTablesStreamUnderItsOwnKey()
    {
        DeployedLake lake = await DeployAsync("dev", (SettingKeys.Tables, """[{"name":"orders"},{"name":"inventory","existing":true},{"name":"audit","existing":true}]"""));

        Assert.That(lake.Inputs("aws:iam/policy:Policy", "operators-policy")["policy"], Is.EqualTo(LakePolicies.OperatorPolicy(
            new AwsContext("aws", LakeMocks.Account, LakeMocks.Region), "arn:aws:s3:::lake-bucket-id", KeyArn,
            [new OperatorStream("orders", KeyArn), new OperatorStream("inventory", LakeMocks.InventoryKeyArn), new OperatorStream("audit", null)]).ToJson()));
    }

    [Test]
    public async Task AccessLogs_TheLakeBucketLogsEveryRequestIntoTheLogBucket()
    {
        DeployedLake lake = await DeployAsync();
        ImmutableDictionary<string, object> logging = lake.Inputs("aws:s3/bucketLogging:BucketLogging");

        Assert.That((logging["bucket"], logging["targetBucket"], logging["targetPrefix"]), Is.EqualTo(("lake-bucket-id", "access-logs-bucket-id", "lake-bucket/")));
        Assert.That(lake.Inputs("aws:s3/bucket:Bucket", "access-logs-bucket")["bucketPrefix"], Is.EqualTo("pipeslake-dev-logs-"));
    }

    [Test]
    public async Task AccessLogBucket_IsSseS3_Private_OwnerEnforced_AndExpiresWithTheLogs()
    {
        DeployedLake lake = await DeployAsync();
        ImmutableDictionary<string, object> block = lake.Inputs("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "access-logs-public-access");
        var rule = (ImmutableDictionary<string, object>)((ImmutableArray<object>)lake.Inputs("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "access-logs-encryption")["rules"]).Single();
        var expiry = (ImmutableDictionary<string, object>)((ImmutableArray<object>)lake.Inputs("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "access-logs-lifecycle")["rules"]).Single();

        // S3 delivers server access logs only to SSE-S3 buckets (S3 User Guide, "Enabling Amazon S3 server access logging").
        Assert.That(At(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm"), Is.EqualTo("AES256"));
        Assert.That(new[] { block["blockPublicAcls"], block["blockPublicPolicy"], block["ignorePublicAcls"], block["restrictPublicBuckets"] }, Has.All.EqualTo(true));
        Assert.That(At(lake.Inputs("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "access-logs-ownership"), "rule", "objectOwnership"), Is.EqualTo("BucketOwnerEnforced"));
        Assert.That(At(expiry, "expiration", "days"), Is.EqualTo(30));
    }

    [Test]
    public async Task AccessLogBucket_TakesLogsOnlyFromTheLakeBucket()
    {
        ImmutableDictionary<string, object> policy = (await DeployAsync()).Inputs("aws:s3/bucketPolicy:BucketPolicy", "access-logs-policy");

        Assert.That(policy["policy"], Is.EqualTo(LakePolicies.AccessLogBucketPolicy(
            new AwsContext("aws", LakeMocks.Account, LakeMocks.Region), "arn:aws:s3:::access-logs-bucket-id", "arn:aws:s3:::lake-bucket-id").ToJson()));
    }

    [Test]
    public async Task Bucket_BlocksAllPublicAccessAndEnforcesOwnership()
    {
        DeployedLake lake = await DeployAsync();
        ImmutableDictionary<string, object> block = lake.Inputs("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "lake-public-access");

        Assert.That(new[] { block["blockPublicAcls"], block["blockPublicPolicy"], block["ignorePublicAcls"], block["restrictPublicBuckets"] }, Has.All.EqualTo(true));
        Assert.That(At(lake.Inputs("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "lake-ownership"), "rule", "objectOwnership"), Is.EqualTo("BucketOwnerEnforced"));
    }

    [Test]
    public async Task Bucket_EncryptsWithTheStackKeyAndBucketKeys()
    {
        ImmutableDictionary<string, object> encryption = (await DeployAsync()).Inputs("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "lake-encryption");
        var rule = (ImmutableDictionary<string, object>)((ImmutableArray<object>)encryption["rules"]).Single();

        Assert.That(At(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm"), Is.EqualTo("aws:kms"));
        Assert.That(At(rule, "applyServerSideEncryptionByDefault", "kmsMasterKeyId"), Is.EqualTo(KeyArn));
        Assert.That(rule["bucketKeyEnabled"], Is.True);
    }

    [Test]
    public async Task Bucket_PolicyDeniesRequestsWithoutTls()
    {
        ImmutableDictionary<string, object> policy = (await DeployAsync()).Inputs("aws:s3/bucketPolicy:BucketPolicy", "lake-policy");

        Assert.That(policy["policy"], Is.EqualTo(LakePolicies.BucketPolicy("arn:aws:s3:::lake-bucket-id").ToJson()));
    }

    [Test]
    public async Task Bucket_IsVersionedAndExpiresOnlyHandledErrors()
    {
        DeployedLake lake = await DeployAsync("dev", (SettingKeys.ErrorRetentionDays, "14"));
        var rules = ((ImmutableArray<object>)lake.Inputs("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "lake-lifecycle")["rules"])
            .Cast<ImmutableDictionary<string, object>>().ToArray();

        Assert.That(At(lake.Inputs("aws:s3/bucketVersioning:BucketVersioning", "lake-versioning"), "versioningConfiguration", "status"), Is.EqualTo("Enabled"));
        Assert.That(At(rules[0], "filter", "prefix"), Is.EqualTo("errors-handled/"));
        Assert.That(At(rules[0], "expiration", "days"), Is.EqualTo(14));
        Assert.That(rules.Where(r => r.ContainsKey("expiration")).Select(r => At(r, "filter", "prefix")), Is.EqualTo(new[] { "errors-handled/", "athena-results/" }), "nothing else expires by age");
        Assert.That(At(rules[1], "expiration", "days"), Is.EqualTo(30), "query results");
    }
}
