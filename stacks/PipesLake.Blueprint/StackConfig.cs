namespace PipesLake.Blueprint;

/// <summary>A stack file's <c>config:</c> block.</summary>
/// <param name="Values">The plain values by full key (<c>pipeslake:tableName</c>).</param>
/// <param name="Secrets">The keys whose value is a secret (<c>secure: v1:…</c>), which only Pulumi can read.</param>
public sealed record StackConfig(IReadOnlyDictionary<string, string> Values, IReadOnlyCollection<string> Secrets);
