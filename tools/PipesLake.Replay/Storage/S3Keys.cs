using Amazon.S3;
using Amazon.S3.Model;

namespace PipesLake.Replay.Storage;

/// <summary>Questions about keys that every S3 reader of the tool asks the same way.</summary>
internal static class S3Keys
{
    /// <summary>
    /// Whether an object is there, by listing its exact key. A GET of a missing key answers 404 only to a caller
    /// allowed s3:ListBucket on the whole bucket, 403 to one allowed it on some prefixes, as the operator policy is
    /// (S3 API Reference, GetObject, "Permissions"); a listing under the key's own prefix is allowed either way.
    /// </summary>
    public static bool Exists(IAmazonS3 s3, string bucket, string key) =>
        s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = key, MaxKeys = 2 }).GetAwaiter().GetResult()
            .S3Objects?.Any(o => o.Key == key) == true;

    /// <summary>Whether a failed GET means the key is not there: 404, or 403 for a missing key (see <see cref="Exists"/>).</summary>
    public static bool IsMissing(AmazonS3Exception e, IAmazonS3 s3, string bucket, string key) =>
        (e.StatusCode == System.Net.HttpStatusCode.NotFound && e.ErrorCode == "NoSuchKey")
        || (e.StatusCode == System.Net.HttpStatusCode.Forbidden && !Exists(s3, bucket, key));
}
