using System.Numerics;

namespace PipesLake.Blueprint;

/// <summary>What Athena does with one scan of a projected table.</summary>
/// <param name="Table">The table scanned.</param>
/// <param name="Partitions">How many partitions it projects (and so lists in S3); 0 when refused.</param>
/// <param name="Factors">Each partition column's share of <paramref name="Partitions"/>, in column order.</param>
/// <param name="Refusal">Athena's error when it refuses the query, else null.</param>
public sealed record ProjectionVerdict(string Table, BigInteger Partitions, IReadOnlyList<(string Column, long Values)> Factors, string? Refusal)
{
    /// <summary>One line: what Athena refuses, or what it enumerates.</summary>
    public override string ToString() => Refusal is { } refusal
        ? $"Athena refuses this query on {Table}: {refusal}"
        : $"Athena projects {Partitions:N0} partition{(Partitions == BigInteger.One ? string.Empty : "s")} of {Table} ({string.Join(" × ", Factors.Select(f => $"{f.Column} {f.Values:N0}"))})";
}
