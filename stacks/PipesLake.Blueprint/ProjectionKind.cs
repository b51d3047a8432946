namespace PipesLake.Blueprint;

/// <summary>How Athena projects a partition column's values (Athena User Guide, "Supported types for partition projection").</summary>
public enum ProjectionKind
{
    /// <summary>Values come from the query itself: it must name them with static equality.</summary>
    Injected,

    /// <summary>A fixed list of values.</summary>
    Enum,

    /// <summary>Every integer of a range.</summary>
    Integer,
}
