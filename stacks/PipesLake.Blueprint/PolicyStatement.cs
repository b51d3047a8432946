namespace PipesLake.Blueprint;

/// <summary>One statement of an IAM, key or bucket policy.</summary>
/// <param name="Sid">Statement id: says why the statement exists.</param>
/// <param name="Actions">Exact actions.</param>
/// <param name="Resources">Exact ARNs; empty in trust policies, which name no resource.</param>
public sealed record PolicyStatement(string Sid, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources)
{
    /// <summary>Allow or Deny.</summary>
    public string Effect { get; init; } = "Allow";

    /// <summary>Set in resource policies (key, bucket) and trust policies.</summary>
    public PolicyPrincipal? Principal { get; init; }

    /// <summary>Conditions, all of which must hold.</summary>
    public IReadOnlyList<PolicyCondition> Conditions { get; init; } = [];
}
