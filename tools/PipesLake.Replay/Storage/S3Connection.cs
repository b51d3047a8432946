using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace PipesLake.Replay.Storage;

/// <summary>
/// An S3 client as the AWS CLI and SDKs would make it: the default credential chain and region, a named profile
/// (<c>--profile</c>, else <c>AWS_PROFILE</c>), and another endpoint (<c>--endpoint-url</c>, else
/// <c>AWS_ENDPOINT_URL_S3</c>, else <c>AWS_ENDPOINT_URL</c>) addressed path-style, as S3-compatible servers expect.
/// </summary>
internal static class S3Connection
{
    /// <exception cref="ReplayException">The profile does not exist: one line.</exception>
    public static IAmazonS3 Create(string? endpointUrl, string? profile, string region)
    {
        string? endpoint = AwsEndpoint.Choose("S3", endpointUrl, "AWS_ENDPOINT_URL_S3", region);
        var config = new AmazonS3Config
        {
            // Checksums only where S3 requires them: S3-compatible servers store the trailer of aws-chunked bodies as data.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return AwsEndpoint.Credentials(profile) is { } credentials ? new AmazonS3Client(credentials, config) : new AmazonS3Client(config);
    }
}
