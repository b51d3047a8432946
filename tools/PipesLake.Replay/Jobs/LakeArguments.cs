using Amazon.S3;
using PipesLake.Blueprint;

namespace PipesLake.Replay.Jobs;

/// <summary>What <see cref="LakeOptions"/> gave: the stack's settings, the lake (a bucket or a folder), and how to reach S3.</summary>
/// <param name="Settings">The stack's settings.</param>
/// <param name="Bucket">The lake bucket and prefix, or null for a folder.</param>
/// <param name="Folder">The lake folder's full path, or null for a bucket.</param>
/// <param name="Gzip">Whether objects are written GZIP: <c>--gzip</c>, else the stack's compression.</param>
/// <param name="EndpointUrl">Another S3 endpoint, or null.</param>
/// <param name="Profile">A named AWS profile, or null.</param>
/// <param name="KmsKeyId">The key objects are written under, or null for the bucket's default encryption.</param>
internal sealed record LakeArguments(LakeSettings Settings, S3Location? Bucket, string? Folder, bool Gzip, string? EndpointUrl, string? Profile, string? KmsKeyId)
{
    /// <summary>How the summary and the journal name the lake: the folder's full path or the bucket's URI.</summary>
    public string Root => Bucket?.ToString() ?? Folder!;

    /// <summary>A client of S3 for the stack's region, as the AWS CLI would configure it.</summary>
    public IAmazonS3 Connect() => S3Connection.Create(EndpointUrl, Profile, Settings.Region);
}
