using Pulumi;
using Pulumi.Aws.S3;
using Pulumi.Aws.S3.Inputs;

namespace PipesLake.Infra.Components;

/// <summary>
/// What every bucket of the stack is: named from a prefix, encrypted by default, no public access of any kind,
/// objects owned by the bucket owner (ACLs off), force-destroyed only where the stack allows it.
/// </summary>
internal sealed class PrivateBucket
{
    /// <summary>Creates <c>{name}-bucket</c>, <c>-encryption</c>, <c>-public-access</c> and <c>-ownership</c>.</summary>
    /// <param name="name">The component's name, which the resources' names start with.</param>
    /// <param name="bucketPrefix">The bucket name's prefix; the provider appends a unique suffix.</param>
    /// <param name="lake">The stack's settings and tags.</param>
    /// <param name="kmsKeyArn">SSE-KMS with this key and the Bucket Key; null for SSE-S3.</param>
    /// <param name="options">The component's child options.</param>
    public PrivateBucket(string name, string bucketPrefix, LakeContext lake, Input<string>? kmsKeyArn, CustomResourceOptions options)
    {
        Bucket = new Bucket($"{name}-bucket", new BucketArgs
        {
            BucketPrefix = bucketPrefix,
            ForceDestroy = !lake.Settings.DeletionProtection,
            Tags = lake.Tags,
        }, options);

        _ = new BucketServerSideEncryptionConfiguration($"{name}-encryption", new Pulumi.Aws.S3.BucketServerSideEncryptionConfigurationArgs
        {
            Bucket = Bucket.Id,
            Rules =
            {
                new BucketServerSideEncryptionConfigurationRuleArgs
                {
                    ApplyServerSideEncryptionByDefault = kmsKeyArn is null
                        ? new BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs { SseAlgorithm = "AES256" }
                        : new BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs { SseAlgorithm = "aws:kms", KmsMasterKeyId = kmsKeyArn },
                    BucketKeyEnabled = kmsKeyArn is null ? null : true,
                },
            },
        }, options);

        PublicAccess = new BucketPublicAccessBlock($"{name}-public-access", new BucketPublicAccessBlockArgs
        {
            Bucket = Bucket.Id,
            BlockPublicAcls = true,
            BlockPublicPolicy = true,
            IgnorePublicAcls = true,
            RestrictPublicBuckets = true,
        }, options);

        _ = new BucketOwnershipControls($"{name}-ownership", new BucketOwnershipControlsArgs
        {
            Bucket = Bucket.Id,
            Rule = new BucketOwnershipControlsRuleArgs { ObjectOwnership = "BucketOwnerEnforced" },
        }, options);
    }

    public Bucket Bucket { get; }

    /// <summary>The public access block, which a bucket policy must wait for.</summary>
    public BucketPublicAccessBlock PublicAccess { get; }
}
