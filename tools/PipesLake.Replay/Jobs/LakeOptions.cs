using System.CommandLine;

namespace PipesLake.Replay.Jobs;

/// <summary>
/// The options every command over a lake shares, declared once: where the lake is (<c>--lake</c>), whose settings
/// (<c>--stack-file</c>), and how to reach S3 as the AWS CLI names it (<c>--endpoint-url</c>, <c>--profile</c>); a
/// command that writes also takes <c>--gzip</c> and <c>--kms-key-id</c>.
/// </summary>
internal sealed class LakeOptions
{
    private readonly bool _writes;

    /// <param name="lake">What <c>--lake</c> is to this command, for its help.</param>
    /// <param name="writes">Whether the command writes objects (<c>--gzip</c>, <c>--kms-key-id</c>).</param>
    public LakeOptions(string lake, bool writes)
    {
        _writes = writes;
        Lake = new Option<string>("--lake") { Description = lake, Required = true };
    }

    public Option<string> Lake { get; }

    public Option<FileInfo?> StackFile { get; } = StackOption.Create();

    public Option<bool?> Gzip { get; } = new("--gzip")
    {
        Description = "Write GZIP objects (.gz), as the delivery stream does with GZIP compression (default: the stack's compression).",
        // A bare --gzip means true; the help shows the value it takes, as the README documents it.
        HelpName = "true|false",
    };

    public Option<string?> EndpointUrl { get; } = AwsOptions.EndpointUrl("S3 endpoint, addressed path-style (default: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, else AWS's)");

    public Option<string?> Profile { get; } = AwsOptions.Profile();

    public Option<string?> KmsKeyId { get; } = new("--kms-key-id") { Description = "Encrypt written objects with SSE-KMS under this key and the Bucket Key, as Firehose does (the stack output keyArn; default: the bucket's default encryption)." };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Lake);
        command.Options.Add(StackFile);
        if (_writes)
        {
            command.Options.Add(Gzip);
        }

        command.Options.Add(EndpointUrl);
        command.Options.Add(Profile);
        if (_writes)
        {
            command.Options.Add(KmsKeyId);
        }
    }

    /// <summary>The values given, the stack file read and validated.</summary>
    /// <exception cref="ReplayException">The stack file is missing, a folder, or not named after a stack; <c>--lake</c> is a malformed <c>s3:</c> URI.</exception>
    /// <exception cref="PipesLake.Blueprint.SettingsException">The stack file's YAML or settings are bad.</exception>
    public LakeArguments Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        PipesLake.Blueprint.LakeSettings settings = StackOption.Settings(result.GetValue(StackFile));
        string lake = result.GetValue(Lake)!;
        return new LakeArguments(
            settings,
            S3Location.Is(lake) ? S3Location.Parse(lake) : null,
            S3Location.Is(lake) ? null : Path.GetFullPath(lake),
            (_writes ? result.GetValue(Gzip) : null) ?? settings.Compression == "GZIP",
            result.GetValue(EndpointUrl),
            result.GetValue(Profile),
            _writes ? result.GetValue(KmsKeyId) : null);
    }
}
