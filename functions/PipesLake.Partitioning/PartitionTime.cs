namespace PipesLake.Partitioning;

/// <summary>Which time gives a lake line its <c>year=…/minute=</c> partitions.</summary>
public enum PartitionTime
{
    /// <summary>The item's own time attribute (epoch milliseconds): an old item's change lands in its old minute.</summary>
    Item = 0,

    /// <summary>
    /// The stream record's <c>ApproximateCreationDateTime</c>: every change lands in the minute it was
    /// made, so one buffer window spans only the minutes it buffered, whatever the items' ages.
    /// </summary>
    Change = 1,
}
