using System.CommandLine;

namespace PipesLake.Replay.Commands;

/// <summary>The options of every command that calls AWS, as the AWS CLI names them: <c>--profile</c> and <c>--endpoint-url</c>.</summary>
internal static class AwsOptions
{
    public static Option<string?> Profile() => new("--profile") { Description = "A named AWS profile (default: AWS_PROFILE, else the default credential chain)." };

    /// <param name="service">What the endpoint serves and where its default comes from, for the help.</param>
    public static Option<string?> EndpointUrl(string service) => new("--endpoint-url") { Description = $"Another {service}." };
}
