using System.Globalization;
using System.Numerics;

namespace PipesLake.Blueprint;

/// <summary>
/// Athena's partition projection, as a model: which partitions a scan of a projected table enumerates for the
/// conditions its WHERE clause puts on the partition columns, and when Athena refuses the query. Each column
/// contributes the values its conditions leave of its projected range (Athena User Guide, "Partition projection
/// with Amazon Athena": Athena computes the partitions from the table's projection and the query's predicates
/// instead of looking them up); the scan enumerates their product. An <c>injected</c> column has no range: the
/// query must name its values with static equality (literals, or expressions evaluated without reading data:
/// "Use dynamic ID partitioning"), or Athena fails it with CONSTRAINT_VIOLATION.
/// </summary>
public static class AthenaProjection
{
    /// <summary>The bound every saved query and the view keep to for one site and one day (docs/operations.md).</summary>
    public const int PartitionBound = 10_000;

    /// <summary>Athena's message for an injected column without static equality ("Use dynamic ID partitioning").</summary>
    public static string InjectedRefusal(string column) =>
        $"CONSTRAINT_VIOLATION: For the injected projected partition column {column}, the WHERE clause must contain only static equality conditions, and at least one such condition must be present.";

    /// <summary>The verdict for one scan of <paramref name="table"/> under <paramref name="filters"/> (by column; absent means none).</summary>
    public static ProjectionVerdict Evaluate(string table, IReadOnlyList<ProjectedColumn> columns, IReadOnlyDictionary<string, PartitionFilter> filters)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(filters);
        var factors = new List<(string, long)>();
        BigInteger partitions = BigInteger.One;
        foreach (ProjectedColumn column in columns)
        {
            PartitionFilter filter = filters.GetValueOrDefault(column.Name, PartitionFilter.None);
            if (column.Kind == ProjectionKind.Injected)
            {
                bool staticEquality = filter.Equal is not null || filter.UnknownEqual > 0;
                if (!staticEquality || filter.OtherConditions || filter.Low is not null || filter.High is not null)
                {
                    return new ProjectionVerdict(table, BigInteger.Zero, [], InjectedRefusal(column.Name));
                }
            }

            long values = Values(column, filter);
            factors.Add((column.Name, values));
            partitions *= values;
        }

        return new ProjectionVerdict(table, partitions, factors, null);
    }

    private static long Values(ProjectedColumn column, PartitionFilter filter)
    {
        if (filter.UnknownEqual > 0 && filter.Equal is null)
        {
            // Values known only when the query runs: as many as it names, at most the column's.
            return column.Kind == ProjectionKind.Injected ? filter.UnknownEqual : Math.Min(filter.UnknownEqual, column.Cardinality);
        }

        return column.Kind switch
        {
            ProjectionKind.Injected => filter.Equal!.Count,
            ProjectionKind.Enum => filter.Equal is { } named ? column.Values.Count(named.Contains) : column.Values.Count,
            _ => IntegerValues(column, filter),
        };
    }

    private static long IntegerValues(ProjectedColumn column, PartitionFilter filter)
    {
        long low = Math.Max(column.Min, filter.Low ?? long.MinValue);
        long high = Math.Min(column.Max, filter.High ?? long.MaxValue);
        if (filter.Equal is { } named)
        {
            return named.Count(v => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) && n >= low && n <= high);
        }

        return Math.Max(0, high - low + 1);
    }
}
