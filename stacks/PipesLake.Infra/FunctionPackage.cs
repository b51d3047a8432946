namespace PipesLake.Infra;

/// <summary>Where the build puts the published partitioner (see the PublishPartitioner target).</summary>
internal static class FunctionPackage
{
    /// <summary>The publish folder beside the program.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "partitioner");

    /// <summary>The handler string of <c>PipesLake.Partitioner.Function.FunctionHandler</c>.</summary>
    public const string Handler = "PipesLake.Partitioner::PipesLake.Partitioner.Function::FunctionHandler";
}
