namespace PipesLake.Blueprint;

/// <summary>One condition: <c>{"Operator": {"Key": ["value", …]}}</c>.</summary>
public sealed record PolicyCondition(string Operator, string Key, IReadOnlyList<string> Values);
