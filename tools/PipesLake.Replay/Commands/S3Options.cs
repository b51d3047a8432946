using System.CommandLine;

namespace PipesLake.Replay.Commands;

/// <summary>The options of a command that reaches S3, named as the AWS CLI names them.</summary>
internal sealed class S3Options
{
    public Option<string?> EndpointUrl { get; } = new("--endpoint-url") { Description = "Another S3 endpoint, addressed path-style (default: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, else AWS's)." };

    public Option<string?> Profile { get; } = new("--profile") { Description = "A named AWS profile (default: AWS_PROFILE, else the default credential chain)." };

    public Option<string?> KmsKeyId { get; } = new("--kms-key-id") { Description = "Encrypt written objects with SSE-KMS under this key and the Bucket Key, as Firehose does (the stack output keyArn; default: the bucket's default encryption)." };

    public void AddTo(Command command)
    {
        command.Options.Add(EndpointUrl);
        command.Options.Add(Profile);
        command.Options.Add(KmsKeyId);
    }
}
