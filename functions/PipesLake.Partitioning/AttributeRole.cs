namespace PipesLake.Partitioning;

/// <summary>Whether a top-level attribute feeds a partition key.</summary>
internal enum AttributeRole
{
    None,
    Site,
    Time,
}
