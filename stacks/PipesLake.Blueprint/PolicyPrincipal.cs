namespace PipesLake.Blueprint;

/// <summary>A policy principal: <c>{"Service": "…"}</c>, <c>{"AWS": "…"}</c>, or <c>"*"</c> (<see cref="Anyone"/>).</summary>
public sealed record PolicyPrincipal(string Type, string Value)
{
    /// <summary>Everyone; used only in Deny statements.</summary>
    public static PolicyPrincipal Anyone { get; } = new("*", "*");

    /// <summary>An AWS service principal such as <c>firehose.amazonaws.com</c>.</summary>
    public static PolicyPrincipal Service(string name) => new("Service", name);

    /// <summary>An account or role ARN.</summary>
    public static PolicyPrincipal Aws(string arn) => new("AWS", arn);
}
