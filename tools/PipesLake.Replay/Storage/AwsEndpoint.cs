using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace PipesLake.Replay.Storage;

/// <summary>
/// The AWS service a command's client talks to and where, for the one line a failed request prints
/// (<see cref="AwsFailures"/>); and the credentials of a named profile, as the AWS CLI finds them.
/// </summary>
/// <param name="Service">The service, as the line names it: S3, DynamoDB Streams.</param>
/// <param name="Where">The endpoint URL, or the service in its region.</param>
internal sealed record AwsEndpoint(string Service, string Where)
{
    // A command makes its clients on one flow, and that flow reports their failures.
    private static readonly AsyncLocal<AwsEndpoint?> s_current = new();

    /// <summary>The endpoint of the client this command made last; null before one is made.</summary>
    public static AwsEndpoint? Current => s_current.Value;

    /// <summary>
    /// The endpoint URL a client of <paramref name="service"/> talks to, as the AWS CLI chooses it: the option, else the
    /// service's own variable (<paramref name="serviceVariable"/>), else <c>AWS_ENDPOINT_URL</c>; null for AWS's own in
    /// <paramref name="region"/>. It becomes the endpoint failures are reported against.
    /// </summary>
    public static string? Choose(string service, string? endpointUrl, string serviceVariable, string region)
    {
        string? endpoint = endpointUrl ?? Environment.GetEnvironmentVariable(serviceVariable) ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
        s_current.Value = new AwsEndpoint(service, endpoint ?? $"{service} in {region}");
        return endpoint;
    }

    /// <summary>
    /// The credentials of <paramref name="profile"/>, else of <c>AWS_PROFILE</c>; null for the default chain.
    /// </summary>
    /// <exception cref="ReplayException">The profile does not exist: one line.</exception>
    public static AWSCredentials? Credentials(string? profile)
    {
        string? name = profile ?? Environment.GetEnvironmentVariable("AWS_PROFILE");
        if (name is null)
        {
            return null;
        }

        return new CredentialProfileStoreChain().TryGetAWSCredentials(name, out AWSCredentials credentials)
            ? credentials
            : throw new ReplayException($"no AWS profile named '{name}' in the shared config or credentials files.");
    }
}
