using System.Text.RegularExpressions;

namespace PipesLake.Blueprint.Tests;

/// <summary>One request as AWS evaluates it: who asks, for what, on which resource, with which context keys.</summary>
public sealed record AwsRequest(string Action, string Resource, IReadOnlyDictionary<string, string> Context)
{
    /// <summary>The calling principal, for resource and trust policies.</summary>
    public PolicyPrincipal? Principal { get; init; }
}

/// <summary>
/// The part of IAM policy evaluation PipesLake's policies use (IAM User Guide, "Policy evaluation logic"):
/// an explicit Deny wins, otherwise an Allow whose action, resource, principal and every condition match.
/// A condition on a key the request does not carry fails, as it does in AWS. Operators: StringEquals,
/// StringLike, ArnEquals, ArnLike, Bool; any other throws, so a new operator cannot pass untested.
/// </summary>
public static class PolicyEvaluator
{
    public static bool Allows(PolicyDocument policy, AwsRequest request)
    {
        var matching = policy.Statements.Where(s => Matches(s, request)).ToArray();
        return matching.Any(s => s.Effect == "Allow") && !matching.Any(s => s.Effect == "Deny");
    }

    private static bool Matches(PolicyStatement statement, AwsRequest request) =>
        statement.Actions.Any(a => Like(a, request.Action, ignoreCase: true))
        && (statement.Resources.Count == 0 || statement.Resources.Any(r => Like(r, request.Resource, ignoreCase: false)))
        && PrincipalMatches(statement.Principal, request.Principal)
        && statement.Conditions.All(c => ConditionHolds(c, request.Context));

    private static bool PrincipalMatches(PolicyPrincipal? statement, PolicyPrincipal? caller) =>
        statement is null || statement == PolicyPrincipal.Anyone || statement == caller;

    private static bool ConditionHolds(PolicyCondition condition, IReadOnlyDictionary<string, string> context)
    {
        if (!context.TryGetValue(condition.Key, out string? value))
        {
            return false;
        }

        return condition.Operator switch
        {
            "StringEquals" or "ArnEquals" => condition.Values.Contains(value, StringComparer.Ordinal),
            "StringLike" or "ArnLike" => condition.Values.Any(pattern => Like(pattern, value, ignoreCase: false)),
            "Bool" => condition.Values.Contains(value, StringComparer.OrdinalIgnoreCase),
            _ => throw new NotSupportedException($"The evaluator does not know the operator {condition.Operator}."),
        };
    }

    /// <summary>IAM wildcards: <c>*</c> any run of characters, <c>?</c> one character.</summary>
    private static bool Like(string pattern, string value, bool ignoreCase)
    {
        string regex = "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(value, regex, ignoreCase ? RegexOptions.IgnoreCase | RegexOptions.CultureInvariant : RegexOptions.CultureInvariant);
    }
}
