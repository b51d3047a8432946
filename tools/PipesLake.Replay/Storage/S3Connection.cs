using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.S3;

namespace PipesLake.Replay.Storage;

/// <summary>
/// An S3 client as the AWS CLI and SDKs would make it: the default credential chain and region, a named profile
/// (<c>--profile</c>, else <c>AWS_PROFILE</c>), and another endpoint (<c>--endpoint-url</c>, else
/// <c>AWS_ENDPOINT_URL_S3</c>, else <c>AWS_ENDPOINT_URL</c>) addressed path-style, as S3-compatible servers expect.
/// </summary>
internal static class S3Connection
{
    // The endpoint of the client this command made, for the one line a failed request prints (CommandErrors): a command
    // makes one client, and the flow that made it is the one that reports its failures.
    private static readonly AsyncLocal<string?> s_endpoint = new();

    /// <summary>The endpoint the command's client talks to, as its error lines name it; null before one is made.</summary>
    public static string? Endpoint => s_endpoint.Value;

    /// <exception cref="ReplayException">The profile does not exist: one line.</exception>
    public static IAmazonS3 Create(string? endpointUrl, string? profile, string region)
    {
        string? endpoint = endpointUrl ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3") ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
        s_endpoint.Value = endpoint ?? $"S3 in {region}";
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

        string? name = profile ?? Environment.GetEnvironmentVariable("AWS_PROFILE");
        if (name is null)
        {
            return new AmazonS3Client(config);
        }

        return new CredentialProfileStoreChain().TryGetAWSCredentials(name, out AWSCredentials credentials)
            ? new AmazonS3Client(credentials, config)
            : throw new ReplayException($"no AWS profile named '{name}' in the shared config or credentials files.");
    }
}
