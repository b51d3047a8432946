namespace PipesLake.Partitioning;

/// <summary>
/// The names of the dynamic partitioning keys the function returns to Firehose. The stack builds the
/// delivery stream's prefix from these same names, so the two can never drift apart.
/// </summary>
public static class PartitionKeyNames
{
    /// <summary>The site the change belongs to.</summary>
    public const string SiteId = "siteId";

    /// <summary>Four-digit UTC year of the record's time attribute.</summary>
    public const string Year = "year";

    /// <summary>Two-digit UTC month.</summary>
    public const string Month = "month";

    /// <summary>Two-digit UTC day of month.</summary>
    public const string Day = "day";

    /// <summary>Two-digit UTC hour.</summary>
    public const string Hour = "hour";

    /// <summary>Two-digit UTC minute.</summary>
    public const string Minute = "minute";

    /// <summary>Every key, in the order the lake's prefix nests them.</summary>
    public static IReadOnlyList<string> All { get; } = [SiteId, Year, Month, Day, Hour, Minute];
}
