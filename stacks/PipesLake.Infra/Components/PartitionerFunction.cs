using Pulumi;
using Pulumi.Aws.Lambda;
using Pulumi.Aws.Lambda.Inputs;
using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Infra.Components;

/// <summary>
/// The partitioning Lambda on managed .NET 10, arm64, with its own encrypted log group and a log-only role: one for
/// every table, whose rules each record carries.
/// </summary>
internal sealed class PartitionerFunction : ComponentResource
{
    /// <summary>Below this, a 128 MB gen0 budget is too large a share of the function's memory.</summary>
    private const int MinMemoryForLargeGen0MB = 512;

    public PartitionerFunction(string name, PartitionerFunctionArgs args, ComponentResourceOptions? options = null)
        : base("pipeslake:lake:Function", name, options)
    {
        LakeContext lake = args.Lake;
        var logs = LogGroups.Create(name, "function", lake, this);
        var role = ServiceRole.Create(name, Output.Create(TrustPolicies.Lambda().ToJson()), logs.Arn.Apply(arn => LakePolicies.FunctionRole(arn).ToJson()), lake, this);

        // Each table's partitioning rules travel in its pipe's records (PipeDefinitions.InputTemplate): the function's
        // environment holds only what the whole stack shares, so adding a table leaves the function as it is.
        var environment = new FunctionEnvironmentArgs();
        if (lake.Settings.FunctionOptions.ItemColumn)
        {
            environment.Variables.Add(PartitionerEnvironment.ItemColumn, "true");
        }

        if (lake.Settings.FunctionMemoryMB >= MinMemoryForLargeGen0MB)
        {
            environment.Variables.Add(PartitionerEnvironment.GcGen0Size, PartitionerEnvironment.GcGen0SizeValue);
        }

        var function = new Function($"{name}-function", new FunctionArgs
        {
            Name = lake.Names.Function,
            Runtime = "dotnet10",
            Architectures = { "arm64" },
            Handler = FunctionPackage.Handler,
            Code = new FileArchive(args.CodePath),
            MemorySize = lake.Settings.FunctionMemoryMB,
            Timeout = lake.Settings.FunctionTimeoutSeconds,
            Role = role.Role.Arn,
            KmsKeyArn = lake.KeyArn,
            Environment = environment,
            LoggingConfig = new FunctionLoggingConfigArgs { LogFormat = "Text", LogGroup = logs.Name },
            Tags = lake.Tags,
        }, new CustomResourceOptions { Parent = this, DeleteBeforeReplace = true, DependsOn = { role.Policy, logs } });

        FunctionName = function.Name;
        Arn = function.Arn;
        RegisterOutputs(new Dictionary<string, object?> { ["functionName"] = FunctionName, ["arn"] = Arn });
    }

    /// <summary>The function's name.</summary>
    public Output<string> FunctionName { get; }

    /// <summary>The function's ARN.</summary>
    public Output<string> Arn { get; }
}
