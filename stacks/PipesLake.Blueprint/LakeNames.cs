namespace PipesLake.Blueprint;

/// <summary>Physical names of a stack's resources, derived from the stack so stacks never collide.</summary>
public sealed record LakeNames(string Stack)
{
    /// <summary>Prefix of every name: <c>pipeslake-{stack}</c>.</summary>
    public string Prefix => $"{SettingKeys.Project}-{Stack}";

    /// <summary>Log groups live under this path, which the key policy names.</summary>
    public string LogGroupRoot => $"/{SettingKeys.Project}/{Stack}/";

    /// <summary>The key's alias.</summary>
    public string KeyAlias => $"alias/{Prefix}";

    /// <summary>The partitioning function.</summary>
    public string Function => $"{Prefix}-partitioner";

    /// <summary>The delivery stream.</summary>
    public string DeliveryStream => $"{Prefix}-lake";

    /// <summary>The pipe.</summary>
    public string Pipe => $"{Prefix}-pipe";

    /// <summary>The pipe's dead-letter queue.</summary>
    public string DeadLetterQueue => $"{Prefix}-pipe-dlq";

    /// <summary>The log group of a component, e.g. <c>/pipeslake/dev/firehose</c>.</summary>
    public string LogGroup(string component) => LogGroupRoot + component;
}
