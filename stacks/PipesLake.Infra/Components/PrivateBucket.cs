using Pulumi;
using Pulumi.Aws.S3;
using Pulumi.Aws.S3.Inputs;

namespace PipesLake.Infra.Components;

/// <summary>What every bucket of the stack gets: no public access of any kind, and objects owned by the bucket owner (ACLs off).</summary>
internal static class PrivateBucket
{
    /// <summary>Blocks public access and enforces ownership; returns the block, which a bucket policy must wait for.</summary>
    public static BucketPublicAccessBlock Lock(string name, Output<string> bucketId, CustomResourceOptions options)
    {
        var publicAccess = new BucketPublicAccessBlock($"{name}-public-access", new BucketPublicAccessBlockArgs
        {
            Bucket = bucketId,
            BlockPublicAcls = true,
            BlockPublicPolicy = true,
            IgnorePublicAcls = true,
            RestrictPublicBuckets = true,
        }, options);

        _ = new BucketOwnershipControls($"{name}-ownership", new BucketOwnershipControlsArgs
        {
            Bucket = bucketId,
            Rule = new BucketOwnershipControlsRuleArgs { ObjectOwnership = "BucketOwnerEnforced" },
        }, options);
        return publicAccess;
    }
}
