namespace PipesLake.Blueprint;

/// <summary>
/// What a query's WHERE clause, at one table scan, says of one partition column: the conjuncts Athena can use
/// to project partitions. Values are the text of literals (numbers as written).
/// </summary>
public sealed record PartitionFilter
{
    /// <summary>The values of <c>=</c> and <c>IN</c> with static values, intersected; null when there is none.</summary>
    public IReadOnlySet<string>? Equal { get; init; }

    /// <summary>How many values static equality names when they are known only at run time (<c>year = year(current_date)</c>).</summary>
    public int UnknownEqual { get; init; }

    /// <summary>The lowest value a static range allows, inclusive.</summary>
    public long? Low { get; init; }

    /// <summary>The highest value a static range allows, inclusive.</summary>
    public long? High { get; init; }

    /// <summary>The column is also compared in a way that is not static equality (a range, a column, a function of it).</summary>
    public bool OtherConditions { get; init; }

    /// <summary>No condition at all.</summary>
    public static PartitionFilter None { get; } = new();
}
