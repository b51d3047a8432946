namespace PipesLake.Replay;

/// <summary>One stream record as read from the input, with the line it starts on.</summary>
internal readonly record struct SourceRecord(long Line, byte[] Json);
