namespace PipesLake.Partitioning;

/// <summary>
/// Environment variables the stack sets on the function and the function reads at start-up.
/// </summary>
public static class PartitionerEnvironment
{
    /// <summary>Name of the image attribute holding the site id (S or N).</summary>
    public const string SiteAttribute = "PIPESLAKE_SITE_ATTRIBUTE";

    /// <summary>Name of the image attribute holding the event time (N, epoch milliseconds).</summary>
    public const string TimeAttribute = "PIPESLAKE_TIME_ATTRIBUTE";
}
