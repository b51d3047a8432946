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

    /// <summary>The runtime's gen0 budget knob; only an environment variable can set it.</summary>
    public const string GcGen0Size = "DOTNET_GCgen0size";

    /// <summary>
    /// 128 MB, in the hexadecimal the runtime reads. Every record of a batch (up to 6 MB of request, about
    /// 30 MB of strings) lives until the response is written; with the default budget each gen0
    /// collection promotes them all, which halves the handler's throughput.
    /// </summary>
    public const string GcGen0SizeValue = "0x8000000";
}
