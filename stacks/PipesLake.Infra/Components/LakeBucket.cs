using Pulumi;
using Pulumi.Aws.S3;
using Pulumi.Aws.S3.Inputs;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>The lake's bucket: private, owner-enforced, TLS-only, versioned, SSE-KMS with bucket keys.</summary>
internal sealed class LakeBucket : ComponentResource
{
    public LakeBucket(string name, LakeBucketArgs args, ComponentResourceOptions? options = null)
        : base("pipeslake:lake:Bucket", name, options)
    {
        LakeContext lake = args.Lake;
        var child = ChildOptions.Of(this);
        var privateBucket = new PrivateBucket(name, lake.Names.BucketPrefix, lake, lake.KeyArn, child);
        Bucket bucket = privateBucket.Bucket;
        BucketPublicAccessBlock publicAccess = privateBucket.PublicAccess;

        // After the public access block, so S3 never sees the policy on a bucket still being configured.
        _ = new BucketPolicy($"{name}-policy", new BucketPolicyArgs
        {
            Bucket = bucket.Id,
            Policy = bucket.Arn.Apply(arn => LakePolicies.BucketPolicy(arn).ToJson()),
        }, new CustomResourceOptions { Parent = this, DependsOn = { publicAccess } });

        _ = new BucketVersioning($"{name}-versioning", new Pulumi.Aws.S3.BucketVersioningArgs
        {
            Bucket = bucket.Id,
            VersioningConfiguration = new BucketVersioningVersioningConfigurationArgs { Status = "Enabled" },
        }, child);

        _ = new BucketLifecycleConfiguration($"{name}-lifecycle", new BucketLifecycleConfigurationArgs
        {
            Bucket = bucket.Id,
            Rules =
            {
                // Only handled errors expire: a record still waiting under errors/ is never lost to age.
                Expire("expire-handled-errors", LakePrefixes.HandledErrorRoot, lake.Settings.ErrorRetentionDays),
                Expire("expire-query-results", LakePolicies.QueryResultsRoot, lake.Settings.QueryResultRetentionDays),
                new BucketLifecycleConfigurationRuleArgs
                {
                    Id = "tidy-versions-and-uploads",
                    Status = "Enabled",
                    Filter = new BucketLifecycleConfigurationRuleFilterArgs { Prefix = string.Empty },
                    NoncurrentVersionExpiration = new BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs { NoncurrentDays = 30 },
                    AbortIncompleteMultipartUpload = new BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs { DaysAfterInitiation = 7 },
                },
            },
        }, child);

        BucketName = bucket.Id;
        Arn = bucket.Arn;
        RegisterOutputs(new Dictionary<string, object?> { ["bucketName"] = BucketName, ["arn"] = Arn });
    }

    private static BucketLifecycleConfigurationRuleArgs Expire(string id, string prefix, int days) => new()
    {
        Id = id,
        Status = "Enabled",
        Filter = new BucketLifecycleConfigurationRuleFilterArgs { Prefix = prefix },
        Expiration = new BucketLifecycleConfigurationRuleExpirationArgs { Days = days },
        NoncurrentVersionExpiration = new BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs { NoncurrentDays = 1 },
    };

    /// <summary>The bucket's name.</summary>
    public Output<string> BucketName { get; }

    /// <summary>The bucket's ARN.</summary>
    public Output<string> Arn { get; }
}
