using PipesLake.Blueprint;

namespace PipesLake.Replay.Runs;

/// <summary>Everything a redrive uses; the definitions come from the stack's settings.</summary>
internal sealed record RedriveOptions(LakeSettings Settings, string LakeRoot)
{
    /// <summary>Compress objects; defaults to the stack's compression.</summary>
    public bool Gzip { get; init; } = Settings.Compression == "GZIP";
}
