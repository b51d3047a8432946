namespace PipesLake.Replay.RunState;

/// <summary>The input of one job as the run journal knows it.</summary>
/// <param name="Shown">How messages name it: a path, a URI, or "standard input".</param>
/// <param name="Content">A hash of its bytes as read (for an export, of its manifests), hex.</param>
/// <param name="Seen">Where it was read and that place's version (size and time, or ETag), when it has one.</param>
internal sealed record JobInput(string Shown, string Content, (string Name, string Version)? Seen);
