using Pulumi;
using Pulumi.Aws.S3;
using Pulumi.Aws.S3.Inputs;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>
/// Every read and write of the lake bucket, audited (cdk-nag AwsSolutions-S1): S3 server access logs into a
/// bucket of their own. Chosen over CloudTrail data events because they cost only their storage and need no
/// trail; CloudTrail's per-event price grows with the very reads the lake exists for. The log bucket is private,
/// owner-enforced and TLS-only, takes objects only from S3's logging service for the lake bucket, and keeps
/// them <c>pipeslake:logRetentionDays</c>. It is encrypted with SSE-S3: S3 delivers server access logs only to
/// buckets whose default encryption is SSE-S3 (S3 User Guide, "Enabling Amazon S3 server access logging").
/// It does not log itself: that would log its own log deliveries without end.
/// </summary>
internal sealed class LakeAccessLogs : ComponentResource
{
    public LakeAccessLogs(string name, LakeAccessLogsArgs args, ComponentResourceOptions? options = null)
        : base("pipeslake:lake:AccessLogs", name, options)
    {
        LakeContext lake = args.Lake;
        var child = ChildOptions.Of(this);
        var privateBucket = new PrivateBucket(name, lake.Names.AccessLogBucketPrefix, lake, null, child);
        Bucket bucket = privateBucket.Bucket;
        BucketPublicAccessBlock publicAccess = privateBucket.PublicAccess;

        var policy = new BucketPolicy($"{name}-policy", new BucketPolicyArgs
        {
            Bucket = bucket.Id,
            Policy = Output.Tuple(lake.Aws, bucket.Arn, args.LakeBucketArn).Apply(t => LakePolicies.AccessLogBucketPolicy(t.Item1, t.Item2, t.Item3).ToJson()),
        }, new CustomResourceOptions { Parent = this, DependsOn = { publicAccess } });

        _ = new BucketLifecycleConfiguration($"{name}-lifecycle", new BucketLifecycleConfigurationArgs
        {
            Bucket = bucket.Id,
            Rules =
            {
                new BucketLifecycleConfigurationRuleArgs
                {
                    Id = "expire-access-logs",
                    Status = "Enabled",
                    Filter = new BucketLifecycleConfigurationRuleFilterArgs { Prefix = string.Empty },
                    Expiration = new BucketLifecycleConfigurationRuleExpirationArgs { Days = lake.Settings.LogRetentionDays },
                },
            },
        }, child);

        // After the policy, so the first log delivery finds its permission in place.
        _ = new BucketLogging($"{name}-lake-bucket", new Pulumi.Aws.S3.BucketLoggingArgs
        {
            Bucket = args.LakeBucketName,
            TargetBucket = bucket.Id,
            TargetPrefix = LakePolicies.AccessLogPrefix,
        }, new CustomResourceOptions { Parent = this, DependsOn = { policy } });

        BucketName = bucket.Id;
        RegisterOutputs(new Dictionary<string, object?> { ["bucketName"] = BucketName });
    }

    /// <summary>The access-log bucket's name.</summary>
    public Output<string> BucketName { get; }
}
